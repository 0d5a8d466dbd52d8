import type { PlatformResponse } from '../../http/platform-http-client';
import { graphUsage, retryAfterFromHeader } from '../../http/rate-limit-headers';
import { PlatformError, kindForStatus, type PlatformErrorKind } from '../../platform-error';

/**
 * Graph API throttling codes: 4 (app), 17 (user), 32 (page), 613 (custom), 341 (app limit), 80001
 * (Pages business use case). Graph names no reset time unless `X-Business-Use-Case-Usage` carries
 * `estimated_time_to_regain_access`; the usage windows roll over an hour, so without it the first
 * wait is five minutes and the publisher's backoff grows it.
 */
const THROTTLED = new Set([4, 17, 32, 613, 341, 80001]);
const DEFAULT_THROTTLE_MS = 5 * 60_000;
/** 190: the token is invalid or expired. Page tokens cannot be refreshed: only a new login restores them. */
const TOKEN_GONE = new Set([102, 190]);
/** 10 and 200–299: a permission was never granted or was removed; a new consent must grant it. */
const isPermission = (code: number): boolean => code === 10 || (code >= 200 && code <= 299);
/** 368: temporarily blocked for policy reasons; "wait and retry". */
const POLICY_BLOCK = 368;

interface GraphError {
  readonly message: string | null;
  readonly userMessage: string | null;
  readonly code: number | null;
  readonly subcode: number | null;
  readonly isTransient: boolean;
}

function graphError(text: string): GraphError | null {
  try {
    const body = JSON.parse(text) as { error?: Record<string, unknown> };
    const error = body.error;
    if (typeof error !== 'object' || error === null) return null;
    return {
      message: typeof error.message === 'string' ? error.message : null,
      userMessage: typeof error.error_user_msg === 'string' ? error.error_user_msg : null,
      code: typeof error.code === 'number' ? error.code : null,
      subcode: typeof error.error_subcode === 'number' ? error.error_subcode : null,
      isTransient: error.is_transient === true,
    };
  } catch {
    return null;
  }
}

function kindFor(error: GraphError, status: number): PlatformErrorKind {
  const code = error.code;
  if (code !== null && THROTTLED.has(code)) return 'rate_limited';
  if (code === POLICY_BLOCK) return 'rate_limited';
  if (code !== null && (TOKEN_GONE.has(code) || isPermission(code))) return 'needs_reconnect';
  if (error.isTransient || code === 1 || code === 2) return 'transient';
  const byStatus = kindForStatus(status);
  // Graph answers 400 for most refusals and 401/403 only for token problems without a code.
  return byStatus === 'needs_refresh' ? 'needs_reconnect' : byStatus;
}

/**
 * Classifies Graph API errors by `error.code` / `error_subcode` first, HTTP status second.
 * Source: https://developers.facebook.com/docs/graph-api/guides/error-handling and
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ (Graph API v26.0, checked 2026-11-24).
 */
export function classifyGraphError(response: PlatformResponse, now: Date): PlatformError {
  const error = graphError(response.text);
  if (error === null) {
    return new PlatformError({
      kind:
        kindForStatus(response.status) === 'needs_refresh'
          ? 'needs_reconnect'
          : kindForStatus(response.status),
      platform: 'facebook',
      reason: `HTTP ${response.status}`,
      platformStatus: response.status,
      retryAfterMs: retryAfterFromHeader(response.headers.get('retry-after'), now),
    });
  }
  const kind = kindFor(error, response.status);
  let retryAfterMs: number | null = null;
  if (kind === 'rate_limited') {
    const usage = graphUsage(response.headers);
    retryAfterMs =
      usage.regainAccessMs ??
      retryAfterFromHeader(response.headers.get('retry-after'), now) ??
      DEFAULT_THROTTLE_MS;
  }
  const code =
    error.code === null
      ? null
      : error.subcode === null
        ? String(error.code)
        : `${error.code}/${error.subcode}`;
  return new PlatformError({
    kind,
    platform: 'facebook',
    reason: error.userMessage ?? error.message ?? `HTTP ${response.status}`,
    platformStatus: response.status,
    platformCode: code,
    retryAfterMs,
  });
}
