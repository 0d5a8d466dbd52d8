import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import type {
  AuthorizationUrlInput,
  CodeExchangeInput,
  ConnectableAccount,
  OAuthFlow,
  TokenSet,
} from '../../connector.port';
import { buildAuthorizationUrl } from '../../oauth/authorization-url';
import type { JsonReader } from '../../http/json-reader';
import type { PlatformHttpClient } from '../../http/platform-http-client';
import { parseLongLivedToken } from '../../oauth/oauth-token-request';
import { PlatformError } from '../../platform-error';
import type { InstagramConfig } from './instagram.config';

/** Reading the account, publishing to it and reading its insights. */
export const INSTAGRAM_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_insights',
] as const;

/**
 * Business Login for Instagram (no PKCE: a confidential client with the app secret).
 * 1. `https://www.instagram.com/oauth/authorize`; 2. `POST https://api.instagram.com/oauth/access_token`
 * gives a one-hour token; 3. `GET graph.instagram.com/access_token?grant_type=ig_exchange_token` turns
 * it into a 60-day token; 4. `GET /refresh_access_token?grant_type=ig_refresh_token` renews a token
 * that is at least 24 hours old and not yet expired: an expired one cannot be renewed, only replaced
 * by a new login, so the refresh saga must run before `expiresAt`. There is no refresh token (the
 * long-lived token refreshes itself) and no documented revocation endpoint.
 * Sources: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login,
 * https://developers.facebook.com/docs/instagram-platform/reference/access_token,
 * https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token (checked 2026-11-24).
 */
export class InstagramOAuthFlow implements OAuthFlow {
  readonly supportsPkce = false;
  readonly supportsRefresh = true;
  readonly supportsRevoke = false;
  private readonly clock: Clock;

  constructor(
    private readonly config: InstagramConfig,
    private readonly graph: PlatformHttpClient,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  authorizationUrl(input: AuthorizationUrlInput): string {
    return buildAuthorizationUrl(`${this.config.authorizeBaseUrl}/oauth/authorize`, {
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: INSTAGRAM_SCOPES.join(','),
      state: input.state,
    });
  }

  async exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    const shortLived = await this.graph.json(
      {
        method: 'POST',
        url: `${this.config.oauthBaseUrl}/oauth/access_token`,
        body: {
          kind: 'form',
          fields: {
            client_id: this.config.clientId,
            client_secret: this.config.clientSecret,
            grant_type: 'authorization_code',
            redirect_uri: input.redirectUri,
            code: input.code,
          },
        },
        write: false,
      },
      (body) => {
        // Newer answers wrap the token in `data: [ … ]`; older ones are flat.
        const grant = body.has('data') ? body.at('data').at(0) : body;
        return { token: grant.string('access_token'), scopes: this.grantedScopes(grant) };
      },
    );
    return this.longLived(
      {
        grant_type: 'ig_exchange_token',
        client_secret: this.config.clientSecret,
        access_token: shortLived.token,
      },
      '/access_token',
      shortLived.scopes,
    );
  }

  private grantedScopes(grant: JsonReader): string[] {
    const permissions = grant.at('permissions').value;
    if (typeof permissions === 'string')
      return permissions
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
    if (Array.isArray(permissions)) return permissions.filter((p): p is string => typeof p === 'string');
    return [...INSTAGRAM_SCOPES];
  }

  private longLived(
    query: Record<string, string>,
    path: string,
    scopes: readonly string[],
  ): Promise<TokenSet> {
    return this.graph.json({ method: 'GET', url: `${this.config.graphBaseUrl}${path}`, query }, (body) =>
      parseLongLivedToken(body, this.clock.now(), scopes),
    );
  }

  /** The professional account the token belongs to; `user_id` is the id the publishing endpoints take. */
  async listAccounts(tokens: TokenSet): Promise<readonly ConnectableAccount[]> {
    const account = await this.graph.json(
      {
        method: 'GET',
        url: `${this.config.graphBaseUrl}/${this.config.graphVersion}/me`,
        query: { fields: 'user_id,username,name', access_token: tokens.accessToken },
      },
      (body) => ({
        externalId: body.optionalString('user_id') ?? body.string('id'),
        handle: body.string('username'),
        displayName: body.optionalString('name'),
        tokens,
      }),
    );
    return [account];
  }

  async refresh(tokens: TokenSet): Promise<TokenSet> {
    if (tokens.expiresAt !== null && Date.parse(tokens.expiresAt) <= this.clock.now().getTime()) {
      throw new PlatformError({
        kind: 'needs_reconnect',
        platform: 'instagram',
        reason: 'the Instagram token expired before it was refreshed; log in with Instagram again',
      });
    }
    return this.longLived(
      { grant_type: 'ig_refresh_token', access_token: tokens.accessToken },
      '/refresh_access_token',
      tokens.scopes,
    );
  }

  async revoke(): Promise<void> {
    throw new HeraldError(
      'PLATFORM.NOT_SUPPORTED',
      'Instagram has no revocation endpoint; the user removes Herald under Settings › Apps and websites.',
      {
        platform: 'instagram',
      },
    );
  }
}
