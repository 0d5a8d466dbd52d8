import { systemClock, type Clock } from '@herald/shared-kernel';
import type {
  AuthorizationUrlInput,
  CodeExchangeInput,
  ConnectableAccount,
  OAuthFlow,
  TokenSet,
} from '../../connector.port';
import { buildAuthorizationUrl } from '../../oauth/authorization-url';
import type { PlatformHttpClient } from '../../http/platform-http-client';
import { parseLongLivedToken } from '../../oauth/oauth-token-request';
import { PlatformError } from '../../platform-error';
import type { FacebookConfig } from '../../registry/platforms-config';

/** Listing Pages, publishing to them, reading their posts and insights. */
export const FACEBOOK_SCOPES = [
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'read_insights',
] as const;
/** Bounds the `/me/accounts` walk: 20 pages of 100 Pages is more than any person administers. */
const MAX_ACCOUNT_PAGES = 20;

/**
 * Facebook Login, manual flow (no PKCE: a confidential client with the app secret).
 * 1. `GET /{version}/dialog/oauth` on www.facebook.com; 2. `GET /oauth/access_token` exchanges the
 * code for a short-lived user token; 3. `grant_type=fb_exchange_token` turns it into a 60-day user
 * token; 4. `GET /me/accounts` lists the Pages with their Page tokens. A Page token obtained from a
 * long-lived user token does not expire, so there is nothing to refresh: a refused one means the
 * grant is gone and the user must log in again. The user token is kept as the Page's "refresh
 * token" because revoking needs it.
 * Source: https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow,
 * https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived,
 * https://developers.facebook.com/docs/pages-api/getting-started (Graph API v26.0, checked 2026-11-24).
 */
export class FacebookOAuthFlow implements OAuthFlow {
  readonly supportsPkce = false;
  readonly supportsRefresh = false;
  readonly supportsRevoke = true;
  private readonly clock: Clock;

  constructor(
    private readonly config: FacebookConfig,
    private readonly graph: PlatformHttpClient,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  private get base(): string {
    return `${this.config.graphBaseUrl}/${this.config.graphVersion}`;
  }

  authorizationUrl(input: AuthorizationUrlInput): string {
    return buildAuthorizationUrl(`${this.config.dialogBaseUrl}/${this.config.graphVersion}/dialog/oauth`, {
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      state: input.state,
      response_type: 'code',
      scope: FACEBOOK_SCOPES.join(','),
    });
  }

  async exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    const app = { client_id: this.config.clientId, client_secret: this.config.clientSecret };
    const shortLived = await this.graph.json(
      {
        method: 'GET',
        url: `${this.base}/oauth/access_token`,
        query: { ...app, redirect_uri: input.redirectUri, code: input.code },
      },
      (body) => body.string('access_token'),
    );
    return this.graph.json(
      {
        method: 'GET',
        url: `${this.base}/oauth/access_token`,
        query: { ...app, grant_type: 'fb_exchange_token', fb_exchange_token: shortLived },
      },
      (body) => parseLongLivedToken(body, this.clock.now(), FACEBOOK_SCOPES),
    );
  }

  /** Pages the user can publish to (task CREATE_CONTENT), each with its own Page token. */
  async listAccounts(userTokens: TokenSet): Promise<readonly ConnectableAccount[]> {
    const accounts: ConnectableAccount[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_ACCOUNT_PAGES; page++) {
      const batch: { accounts: ConnectableAccount[]; after: string | null } = await this.graph.json(
        {
          method: 'GET',
          url: `${this.base}/me/accounts`,
          query: {
            fields: 'id,name,username,access_token,tasks',
            limit: 100,
            after: after ?? undefined,
            access_token: userTokens.accessToken,
          },
        },
        (body) => ({
          accounts: body
            .array('data')
            .filter((p) => p.optionalArray('tasks').some((task) => task.value === 'CREATE_CONTENT'))
            .map((p) => ({
              externalId: p.string('id'),
              handle: p.optionalString('username') ?? p.string('id'),
              displayName: p.optionalString('name'),
              tokens: {
                accessToken: p.string('access_token'),
                refreshToken: userTokens.accessToken,
                expiresAt: null,
                scopes: userTokens.scopes,
              },
            })),
          after: body.at('paging').has('next')
            ? body.at('paging').at('cursors').optionalString('after')
            : null,
        }),
      );
      accounts.push(...batch.accounts);
      if (batch.after === null) break;
      after = batch.after;
    }
    return accounts;
  }

  async refresh(): Promise<TokenSet> {
    throw new PlatformError({
      kind: 'needs_reconnect',
      platform: 'facebook',
      reason: 'Page tokens do not expire and cannot be refreshed; a refused one needs a new Facebook login',
    });
  }

  /**
   * `DELETE /me/permissions` ends the user's whole grant to the app: every Page that user connected
   * stops working, not only this one. Call it only when no other connected account shares the
   * grant (same refresh token); otherwise disconnecting locally is enough.
   */
  async revoke(tokens: TokenSet): Promise<void> {
    await this.graph.send({
      method: 'DELETE',
      url: `${this.base}/me/permissions`,
      query: { access_token: tokens.refreshToken ?? tokens.accessToken },
    });
  }
}
