import type { SocialPlatform } from '@herald/accounts';
import { systemClock, type Clock } from '@herald/shared-kernel';
import type { TokenSet } from '../connector.port';
import type { JsonReader } from '../http/json-reader';
import { PlatformHttpClient } from '../http/platform-http-client';
import { PlatformError } from '../platform-error';
import { classifyOAuthTokenError, parseTokenResponse } from './oauth-token-endpoint';

export interface OAuthTokenClientOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export interface TokenRequest {
  readonly url: string;
  /** The grant's fields with the client's credentials, in the order and names the platform wants. */
  readonly fields: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Kept when the answer names no `scope`. */
  readonly scopes: readonly string[];
  /** For platforms that answer some errors with HTTP 200: throws before the body is parsed as tokens. */
  readonly checkBody?: (body: JsonReader) => void;
}

/**
 * The RFC 6749 token endpoint of a platform: form-encoded POSTs, §5.1 answers parsed into a
 * TokenSet, §5.2 errors classified. Each flow still chooses its URLs, credentials and grants.
 */
export class OAuthTokenClient {
  readonly http: PlatformHttpClient;
  readonly clock: Clock;

  constructor(
    private readonly platform: SocialPlatform,
    options: OAuthTokenClientOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.http = new PlatformHttpClient({
      platform,
      classify: classifyOAuthTokenError(platform),
      clock: this.clock,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    });
  }

  request(request: TokenRequest): Promise<TokenSet> {
    return this.http.json(
      {
        method: 'POST',
        url: request.url,
        headers: request.headers,
        body: { kind: 'form', fields: request.fields },
        // A lost answer means a lost token, not a duplicated side effect: retrying is the remedy.
        write: false,
      },
      (body) => {
        request.checkBody?.(body);
        return parseTokenResponse(body, this.clock.now(), request.scopes);
      },
    );
  }

  /** The error an RFC 6749 §5.2 body means, for answers whose HTTP status does not say it. */
  errorFromBody(body: JsonReader, status: number): PlatformError {
    const text = JSON.stringify(body.value);
    return classifyOAuthTokenError(this.platform)({ status, headers: new Headers(), text }, this.clock.now());
  }
}

/** The `refresh_token` grant; without a stored refresh token only a new consent helps. */
export function refreshTokenGrant(
  platform: SocialPlatform,
  tokens: TokenSet,
  reasonWhenMissing: string,
): Record<string, string> {
  if (tokens.refreshToken === null) {
    throw new PlatformError({ kind: 'needs_reconnect', platform, reason: reasonWhenMissing });
  }
  return { grant_type: 'refresh_token', refresh_token: tokens.refreshToken };
}

/** A long-lived token that has no refresh token (Meta's exchanged user and Instagram tokens). */
export function parseLongLivedToken(body: JsonReader, now: Date, scopes: readonly string[]): TokenSet {
  const expiresIn = body.optionalNumber('expires_in');
  return {
    accessToken: body.string('access_token'),
    refreshToken: null,
    expiresAt: expiresIn === null ? null : new Date(now.getTime() + expiresIn * 1000).toISOString(),
    scopes: [...scopes],
  };
}
