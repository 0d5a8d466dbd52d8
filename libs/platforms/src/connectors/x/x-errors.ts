import type { PlatformResponse } from '../../http/platform-http-client';
import { retryAfterFromEpochSeconds, retryAfterFromHeader } from '../../http/rate-limit-headers';
import { PlatformError, kindForStatus } from '../../platform-error';

function problem(text: string): { reason: string | null; type: string | null } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    // v2 problem details: { title, detail, type, status }; older shape: { errors: [{ message, code }] }.
    if (typeof body.detail === 'string')
      return { reason: body.detail, type: typeof body.type === 'string' ? body.type : null };
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const first = body.errors[0] as Record<string, unknown>;
      const message =
        typeof first.message === 'string'
          ? first.message
          : typeof first.detail === 'string'
            ? first.detail
            : null;
      return {
        reason: message,
        type:
          typeof first.type === 'string' ? first.type : first.code !== undefined ? String(first.code) : null,
      };
    }
    if (typeof body.title === 'string') return { reason: body.title, type: null };
  } catch {
    // not JSON: an HTML error page from the edge
  }
  return { reason: null, type: null };
}

/**
 * X API v2 errors. 401 means the user token expired or was revoked (a refresh tells which); 429
 * carries `x-rate-limit-reset` (epoch seconds) for the endpoint window and, when the 24-hour user
 * cap is hit, `x-user-limit-24hour-reset`; the later of the two is when a post can go out.
 * Source: https://docs.x.com/x-api/fundamentals/rate-limits and
 * https://docs.x.com/x-api/fundamentals/response-codes-and-errors (checked 2026-11-24).
 */
export function classifyXError(response: PlatformResponse, now: Date): PlatformError {
  const { reason, type } = problem(response.text);
  const kind = kindForStatus(response.status);
  let retryAfterMs: number | null = null;
  if (kind === 'rate_limited') {
    const waits = [
      retryAfterFromEpochSeconds(response.headers.get('x-rate-limit-reset'), now),
      response.headers.get('x-user-limit-24hour-remaining') === '0'
        ? retryAfterFromEpochSeconds(response.headers.get('x-user-limit-24hour-reset'), now)
        : null,
      retryAfterFromHeader(response.headers.get('retry-after'), now),
    ].filter((wait): wait is number => wait !== null);
    retryAfterMs = waits.length === 0 ? null : Math.max(...waits);
  }
  return new PlatformError({
    kind,
    platform: 'x',
    reason: reason ?? `HTTP ${response.status}`,
    platformStatus: response.status,
    platformCode: type,
    retryAfterMs,
  });
}
