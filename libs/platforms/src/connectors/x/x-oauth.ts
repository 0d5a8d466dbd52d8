import type {
  AuthorizationUrlInput,
  CodeExchangeInput,
  ConnectableAccount,
  OAuthFlow,
  TokenSet,
} from '../../connector.port';
import { buildAuthorizationUrl } from '../../oauth/authorization-url';
import type { PlatformHttpClient } from '../../http/platform-http-client';
import { basicAuthorization } from '../../oauth/oauth-token-endpoint';
import {
  OAuthTokenClient,
  refreshTokenGrant,
  type OAuthTokenClientOptions,
} from '../../oauth/oauth-token-request';
import type { XConfig } from '../../registry/platforms-config';

/** `offline.access` is what makes X issue a refresh token; `media.write` is needed by the v2 media endpoints. */
export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write'] as const;

/**
 * OAuth 2.0 Authorization Code with PKCE, as a confidential client (Basic auth on the token endpoints).
 * Authorize at `https://x.com/i/oauth2/authorize`, tokens at `POST /2/oauth2/token`, revoke at
 * `POST /2/oauth2/revoke`. Access tokens live two hours; refresh tokens rotate on every refresh.
 * Source: https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token (checked 2026-11-24).
 */
export class XOAuthFlow implements OAuthFlow {
  readonly supportsPkce = true;
  readonly supportsRefresh = true;
  readonly supportsRevoke = true;
  private readonly tokenEndpoint: OAuthTokenClient;

  constructor(
    private readonly config: XConfig,
    private readonly api: PlatformHttpClient,
    options: OAuthTokenClientOptions = {},
  ) {
    this.tokenEndpoint = new OAuthTokenClient('x', options);
  }

  authorizationUrl(input: AuthorizationUrlInput): string {
    if (input.codeChallenge === null) throw new Error('X requires PKCE: pass the S256 code challenge.');
    return buildAuthorizationUrl(this.config.authorizeUrl, {
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      scope: X_SCOPES.join(' '),
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  async exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    if (input.codeVerifier === null) throw new Error('X requires the PKCE code verifier to exchange a code.');
    return this.token({
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
    });
  }

  async refresh(tokens: TokenSet): Promise<TokenSet> {
    const grant = refreshTokenGrant('x', tokens, 'no refresh token was issued (offline.access missing)');
    return this.token(grant, tokens.scopes);
  }

  async revoke(tokens: TokenSet): Promise<void> {
    // Revoking the refresh token ends the grant; the access token is revoked too so it stops at once.
    const revocations: [string, string][] = [[tokens.accessToken, 'access_token']];
    if (tokens.refreshToken !== null) revocations.unshift([tokens.refreshToken, 'refresh_token']);
    for (const [token, hint] of revocations) {
      await this.tokenEndpoint.http.send({
        method: 'POST',
        url: `${this.config.apiBaseUrl}/2/oauth2/revoke`,
        headers: { authorization: basicAuthorization(this.config.clientId, this.config.clientSecret) },
        body: { kind: 'form', fields: { token, token_type_hint: hint } },
      });
    }
  }

  async listAccounts(tokens: TokenSet): Promise<readonly ConnectableAccount[]> {
    const account = await this.api.json(
      {
        method: 'GET',
        url: `${this.config.apiBaseUrl}/2/users/me`,
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      },
      (body) => {
        const data = body.at('data');
        return {
          externalId: data.string('id'),
          handle: data.string('username'),
          displayName: data.optionalString('name'),
          tokens,
        };
      },
    );
    return [account];
  }

  private async token(
    fields: Record<string, string>,
    previousScopes: readonly string[] = X_SCOPES,
  ): Promise<TokenSet> {
    return this.tokenEndpoint.request({
      url: `${this.config.apiBaseUrl}/2/oauth2/token`,
      headers: { authorization: basicAuthorization(this.config.clientId, this.config.clientSecret) },
      fields,
      scopes: previousScopes,
    });
  }
}
