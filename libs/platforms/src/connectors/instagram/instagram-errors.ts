import type { PlatformResponse } from '../../http/platform-http-client';
import { graphUsage, retryAfterFromHeader } from '../../http/rate-limit-headers';
import { PlatformError, kindForStatus, type PlatformErrorKind } from '../../platform-error';

/** 4 (app), 17 (user), 32 (page), 613 (custom) are call-rate throttles; 9 is the publishing limit. */
const THROTTLED = new Set([4, 17, 32, 613]);
/** 9 / 2207042: the account reached its content publishing limit (a rolling 24-hour window). */
const PUBLISHING_LIMIT = 9;
/** Graph names no reset for throttles without usage headers; the windows roll over an hour. */
const DEFAULT_THROTTLE_MS = 5 * 60_000;
/** The publishing window rolls over 24 hours and Instagram does not say when the oldest post leaves it. */
export const PUBLISHING_LIMIT_WAIT_MS = 60 * 60_000;
const isPermission = (code: number): boolean => code === 10 || (code >= 200 && code <= 299);

interface GraphErrorBody {
  readonly message: string | null;
  readonly userMessage: string | null;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly isTransient: boolean;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * Two shapes: Graph's `{ error: { message, code, error_subcode, error_user_msg, is_transient } }`
 * and the code-exchange endpoint's flat `{ error_type, code, error_message }`.
 */
function parse(text: string): GraphErrorBody | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === 'object' && nested !== null) {
    const e = nested as Record<string, unknown>;
    return {
      message: str(e.message),
      userMessage: str(e.error_user_msg),
      code: num(e.code),
      subcode: num(e.error_subcode),
      isTransient: e.is_transient === true,
    };
  }
  if (str(record.error_message) !== null) {
    return {
      message: str(record.error_message),
      userMessage: null,
      code: num(record.code),
      subcode: null,
      isTransient: false,
    };
  }
  return null;
}

function kindFor(error: GraphErrorBody, status: number): PlatformErrorKind {
  const code = error.code;
  if (code !== null && (THROTTLED.has(code) || code === PUBLISHING_LIMIT)) return 'rate_limited';
  // An Instagram User token can only be refreshed while it is still valid: once Graph refuses it
  // (190), and for a permission that was removed, only a new login helps.
  if (code === 190 || code === 102 || (code !== null && isPermission(code))) return 'needs_reconnect';
  if (error.isTransient || code === 1 || code === 2) return 'transient';
  const byStatus = kindForStatus(status);
  return byStatus === 'needs_refresh' ? 'needs_reconnect' : byStatus;
}

/**
 * Instagram Graph errors, by `code`/`error_subcode` first and HTTP status second.
 * Sources: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
 * and https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ (Graph API v26.0, checked 2026-11-24).
 */
export function classifyInstagramError(response: PlatformResponse, now: Date): PlatformError {
  const error = parse(response.text);
  const kind =
    error === null
      ? kindForStatus(response.status) === 'needs_refresh'
        ? 'needs_reconnect'
        : kindForStatus(response.status)
      : kindFor(error, response.status);
  let retryAfterMs: number | null = null;
  if (kind === 'rate_limited') {
    const header =
      graphUsage(response.headers).regainAccessMs ??
      retryAfterFromHeader(response.headers.get('retry-after'), now);
    retryAfterMs =
      header ?? (error?.code === PUBLISHING_LIMIT ? PUBLISHING_LIMIT_WAIT_MS : DEFAULT_THROTTLE_MS);
  }
  const code =
    error?.code == null
      ? null
      : error.subcode === null
        ? String(error.code)
        : `${error.code}/${error.subcode}`;
  return new PlatformError({
    kind,
    platform: 'instagram',
    reason: error?.userMessage ?? error?.message ?? `HTTP ${response.status}`,
    platformStatus: response.status,
    platformCode: code,
    retryAfterMs,
  });
}
