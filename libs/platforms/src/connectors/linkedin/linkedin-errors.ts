import type { PlatformResponse } from '../../http/platform-http-client';
import { retryAfterFromHeader } from '../../http/rate-limit-headers';
import { PlatformError, kindForStatus, type PlatformErrorKind } from '../../platform-error';

/** The member revoked the grant or the token was never valid: a refresh cannot bring it back. */
const GRANT_GONE = new Set(['REVOKED_ACCESS_TOKEN', 'INVALID_ACCESS_TOKEN']);

/** LinkedIn's daily call limits reset at midnight UTC; a 429 names no other time. */
export function untilUtcMidnight(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime();
}

function errorBody(text: string): { message: string | null; code: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return {
      message: typeof body.message === 'string' ? body.message : null,
      code:
        typeof body.code === 'string'
          ? body.code
          : typeof body.serviceErrorCode === 'number'
            ? String(body.serviceErrorCode)
            : null,
    };
  } catch {
    return { message: null, code: null };
  }
}

/**
 * LinkedIn REST errors: `{ status, serviceErrorCode, code, message }`. 401 EXPIRED_ACCESS_TOKEN
 * is cured by a refresh (where LinkedIn granted refresh tokens); REVOKED/INVALID need a new
 * consent. 426 means the `LinkedIn-Version` was sunset: Herald's configuration, not the post.
 * Sources: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling,
 * https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits (checked 2026-11-24).
 */
export function classifyLinkedInError(response: PlatformResponse, now: Date): PlatformError {
  const { message, code } = errorBody(response.text);
  let kind: PlatformErrorKind = kindForStatus(response.status);
  if (response.status === 401 && code !== null && GRANT_GONE.has(code)) kind = 'needs_reconnect';
  const retryAfterMs =
    kind === 'rate_limited'
      ? (retryAfterFromHeader(response.headers.get('retry-after'), now) ?? untilUtcMidnight(now))
      : null;
  let reason = message ?? `HTTP ${response.status}`;
  if (response.status === 426)
    reason = `LinkedIn no longer serves this API version; set LINKEDIN_API_VERSION to a current one (${reason})`;
  return new PlatformError({
    kind,
    platform: 'linkedin',
    reason,
    platformStatus: response.status,
    platformCode: code,
    retryAfterMs,
  });
}
