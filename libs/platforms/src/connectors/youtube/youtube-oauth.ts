import type {
  AuthorizationUrlInput,
  CodeExchangeInput,
  ConnectableAccount,
  OAuthFlow,
  TokenSet,
} from '../../connector.port';
import { buildAuthorizationUrl } from '../../oauth/authorization-url';
import {
  OAuthTokenClient,
  refreshTokenGrant,
  type OAuthTokenClientOptions,
} from '../../oauth/oauth-token-request';
import type { YouTubeApi } from './youtube-api';
import type { YouTubeConfig } from './youtube.config';

/** Upload videos, and read the channel, its uploads and their statistics. */
export const YOUTUBE_SCOPES = [
  'https://www.googleapis.com/auth/youtube.upload',
  'https://www.googleapis.com/auth/youtube.readonly',
] as const;

/**
 * Google OAuth 2.0 for web server apps, with PKCE. `access_type=offline` makes Google issue a
 * refresh token and `prompt=consent` makes it issue one again on a reconnect (otherwise only the
 * first consent gets one). Access tokens last an hour; refreshing keeps the refresh token, and
 * `invalid_grant` means the user revoked access or the token expired unused: reconnect.
 * Sources: https://developers.google.com/identity/protocols/oauth2/web-server,
 * https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps (checked 2026-11-24).
 */
export class YouTubeOAuthFlow implements OAuthFlow {
  readonly supportsPkce = true;
  readonly supportsRefresh = true;
  readonly supportsRevoke = true;
  private readonly tokenEndpoint: OAuthTokenClient;

  constructor(
    private readonly config: YouTubeConfig,
    private readonly api: YouTubeApi,
    options: OAuthTokenClientOptions = {},
  ) {
    this.tokenEndpoint = new OAuthTokenClient('youtube', options);
  }

  authorizationUrl(input: AuthorizationUrlInput): string {
    return buildAuthorizationUrl(this.config.authorizeUrl, {
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: YOUTUBE_SCOPES.join(' '),
      access_type: 'offline',
      include_granted_scopes: 'true',
      prompt: 'consent',
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: input.codeChallenge === null ? null : 'S256',
    });
  }

  exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    const fields: Record<string, string> = {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
    };
    if (input.codeVerifier !== null) fields.code_verifier = input.codeVerifier;
    return this.token(fields, YOUTUBE_SCOPES);
  }

  async refresh(tokens: TokenSet): Promise<TokenSet> {
    const grant = refreshTokenGrant(
      'youtube',
      tokens,
      'Google issued no refresh token (offline access was not granted)',
    );
    return this.token(grant, tokens.scopes);
  }

  /** Revoking the refresh token ends the whole grant, access tokens included. */
  async revoke(tokens: TokenSet): Promise<void> {
    await this.tokenEndpoint.http.send({
      method: 'POST',
      url: `${this.config.oauthBaseUrl}/revoke`,
      body: { kind: 'form', fields: { token: tokens.refreshToken ?? tokens.accessToken } },
    });
  }

  private token(fields: Record<string, string>, scopes: readonly string[]): Promise<TokenSet> {
    return this.tokenEndpoint.request({
      url: `${this.config.oauthBaseUrl}/token`,
      fields: { ...fields, client_id: this.config.clientId, client_secret: this.config.clientSecret },
      scopes,
    });
  }

  /** The channel(s) of the consenting Google account or brand account. */
  listAccounts(tokens: TokenSet): Promise<readonly ConnectableAccount[]> {
    return this.api.get(
      tokens.accessToken,
      'channels.list',
      'channels',
      { part: 'snippet', mine: 'true' },
      (body) =>
        body.optionalArray('items').map((channel) => {
          const snippet = channel.at('snippet');
          return {
            externalId: channel.string('id'),
            handle: snippet.optionalString('customUrl') ?? channel.string('id'),
            displayName: snippet.optionalString('title'),
            tokens,
          };
        }),
    );
  }
}
