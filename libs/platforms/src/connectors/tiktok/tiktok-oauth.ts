import type {
  AuthorizationUrlInput,
  CodeExchangeInput,
  ConnectableAccount,
  OAuthFlow,
  TokenSet,
} from '../../connector.port';
import { buildAuthorizationUrl } from '../../oauth/authorization-url';
import type { JsonReader } from '../../http/json-reader';
import {
  OAuthTokenClient,
  refreshTokenGrant,
  type OAuthTokenClientOptions,
} from '../../oauth/oauth-token-request';
import type { TikTokApi } from './tiktok-api';
import type { TikTokConfig } from './tiktok.config';

/** Profile and counts, direct posting, and reading the creator's videos (for metrics and reconciliation). */
export const TIKTOK_SCOPES = [
  'user.info.basic',
  'user.info.profile',
  'user.info.stats',
  'video.publish',
  'video.list',
] as const;

/**
 * Login Kit for Web, OAuth 2.0 v2: authorize at `https://www.tiktok.com/v2/auth/authorize/`,
 * tokens at `POST /v2/oauth/token/` (24-hour access tokens, 365-day refresh tokens that may rotate),
 * revoke at `POST /v2/oauth/revoke/`. TikTok documents PKCE only for its desktop and mobile kits
 * (and with a hex challenge, not RFC 7636's), so the web flow is a confidential client without it.
 * The token endpoint may answer an error with HTTP 200, so its body is checked for `error` too.
 * Sources: https://developers.tiktok.com/doc/login-kit-web, https://developers.tiktok.com/doc/oauth-user-access-token-management (checked 2026-11-24).
 */
export class TikTokOAuthFlow implements OAuthFlow {
  readonly supportsPkce = false;
  readonly supportsRefresh = true;
  readonly supportsRevoke = true;
  private readonly tokenEndpoint: OAuthTokenClient;

  constructor(
    private readonly config: TikTokConfig,
    private readonly api: TikTokApi,
    options: OAuthTokenClientOptions = {},
  ) {
    this.tokenEndpoint = new OAuthTokenClient('tiktok', options);
  }

  authorizationUrl(input: AuthorizationUrlInput): string {
    return buildAuthorizationUrl(this.config.authorizeUrl, {
      client_key: this.config.clientId,
      scope: TIKTOK_SCOPES.join(','),
      response_type: 'code',
      redirect_uri: input.redirectUri,
      state: input.state,
    });
  }

  exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    return this.token(
      { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri },
      TIKTOK_SCOPES,
    );
  }

  async refresh(tokens: TokenSet): Promise<TokenSet> {
    const grant = refreshTokenGrant('tiktok', tokens, 'no refresh token is stored for this account');
    return this.token(grant, tokens.scopes);
  }

  async revoke(tokens: TokenSet): Promise<void> {
    await this.tokenEndpoint.http.json(
      {
        method: 'POST',
        url: `${this.config.apiBaseUrl}/v2/oauth/revoke/`,
        body: {
          kind: 'form',
          fields: {
            client_key: this.config.clientId,
            client_secret: this.config.clientSecret,
            token: tokens.accessToken,
          },
        },
      },
      (body) => this.failOnError(body, 200),
    );
  }

  private token(fields: Record<string, string>, scopes: readonly string[]): Promise<TokenSet> {
    return this.tokenEndpoint.request({
      url: `${this.config.apiBaseUrl}/v2/oauth/token/`,
      fields: { client_key: this.config.clientId, client_secret: this.config.clientSecret, ...fields },
      scopes,
      checkBody: (body) => this.failOnError(body, 400),
    });
  }

  private failOnError(body: JsonReader, status: number): void {
    if (typeof body.at('error').value !== 'string' || body.at('error').value === '') return;
    throw this.tokenEndpoint.errorFromBody(body, status);
  }

  async listAccounts(tokens: TokenSet): Promise<readonly ConnectableAccount[]> {
    const user = await this.api.call(tokens.accessToken, 'GET', '/v2/user/info/', (data) => data.at('user'), {
      query: { fields: 'open_id,display_name,username' },
    });
    const handle = user.optionalString('username');
    return [
      {
        externalId: user.string('open_id'),
        handle: handle ?? user.string('open_id'),
        displayName: user.optionalString('display_name'),
        tokens,
      },
    ];
  }
}
