import type { SocialPlatform } from '@herald/accounts';
import type { TokenSet } from '../connector.port';
import type { JsonReader } from '../http/json-reader';
import type { ErrorClassifier, PlatformResponse } from '../http/platform-http-client';
import { retryAfterFromHeader } from '../http/rate-limit-headers';
import { PlatformError, kindForStatus } from '../platform-error';

function oauthErrorBody(response: PlatformResponse): { error: string | null; description: string | null } {
  try {
    const body: unknown = JSON.parse(response.text);
    if (typeof body !== 'object' || body === null) return { error: null, description: null };
    const record = body as Record<string, unknown>;
    return {
      error: typeof record.error === 'string' ? record.error : null,
      description: typeof record.error_description === 'string' ? record.error_description : null,
    };
  } catch {
    return { error: null, description: null };
  }
}

/**
 * RFC 6749 §5.2 error answers of a token endpoint. `invalid_grant` means the code or refresh token
 * is expired, used or revoked: only a new consent helps. A refused client is our configuration,
 * which no retry fixes either.
 */
export function classifyOAuthTokenError(platform: SocialPlatform): ErrorClassifier {
  return (response: PlatformResponse, now: Date): PlatformError => {
    const { error, description } = oauthErrorBody(response);
    const reason = description ?? error ?? `token endpoint answered HTTP ${response.status}`;
    const base = { platform, reason, platformStatus: response.status, platformCode: error };
    if (error === 'invalid_grant') return new PlatformError({ ...base, kind: 'needs_reconnect' });
    if (error === 'invalid_client' || error === 'unauthorized_client') {
      return new PlatformError({
        ...base,
        kind: 'rejected',
        reason: `the platform refused Herald's app credentials (${reason})`,
      });
    }
    const kind = kindForStatus(response.status);
    return new PlatformError({
      ...base,
      // A 401 from the token endpoint is about the client, not an expired user token.
      kind: kind === 'needs_refresh' ? 'rejected' : kind,
      retryAfterMs:
        kind === 'rate_limited' ? retryAfterFromHeader(response.headers.get('retry-after'), now) : null,
    });
  };
}

/** RFC 6749 §5.1 success answer. `scope` is space-separated; a missing refresh token keeps none. */
export function parseTokenResponse(
  body: JsonReader,
  now: Date,
  requestedScopes: readonly string[],
): TokenSet {
  const expiresIn = body.optionalNumber('expires_in');
  const scope = body.optionalString('scope');
  return {
    accessToken: body.string('access_token'),
    refreshToken: body.optionalString('refresh_token'),
    expiresAt: expiresIn === null ? null : new Date(now.getTime() + expiresIn * 1000).toISOString(),
    scopes: scope === null ? [...requestedScopes] : scope.split(/[\s,]+/).filter((s) => s !== ''),
  };
}

export const basicAuthorization = (clientId: string, clientSecret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
