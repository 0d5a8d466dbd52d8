import { JsonReader } from '../../http/json-reader';
import type { PlatformResponse } from '../../http/platform-http-client';
import { retryAfterFromHeader } from '../../http/rate-limit-headers';
import { PlatformError, kindForStatus, type PlatformErrorKind } from '../../platform-error';

/** TikTok's limits are per minute (e.g. 6 post inits per user token per minute). */
const DEFAULT_RATE_LIMIT_MS = 60_000;
/** Daily caps ("too many posts today", the unaudited app's active-user cap) name no reset time. */
const DAILY_CAP_MS = 24 * 3_600_000;

const KIND_BY_CODE: Readonly<Record<string, PlatformErrorKind>> = {
  access_token_invalid: 'needs_refresh',
  scope_not_authorized: 'needs_reconnect',
  scope_permission_missed: 'needs_reconnect',
  rate_limit_exceeded: 'rate_limited',
  spam_risk_too_many_posts: 'rate_limited',
  spam_risk_too_many_pending_share: 'rate_limited',
  reached_active_user_cap: 'rate_limited',
  spam_risk_user_banned_from_posting: 'rejected',
  unaudited_client_can_only_post_to_private_accounts: 'rejected',
  url_ownership_unverified: 'rejected',
  privacy_level_option_mismatch: 'rejected',
  invalid_param: 'rejected',
  invalid_file_upload: 'rejected',
  internal_error: 'transient',
};
const DAILY_CODES = new Set(['spam_risk_too_many_posts', 'reached_active_user_cap']);

export interface TikTokErrorBody {
  readonly code: string;
  readonly message: string | null;
  readonly logId: string | null;
}

const text = (node: JsonReader): string | null =>
  typeof node.value === 'string' && node.value !== '' ? node.value : null;

export function readTikTokError(body: JsonReader): TikTokErrorBody | null {
  const error = body.at('error');
  const code = text(error.at('code'));
  if (code === null || code === 'ok') return null;
  return { code, message: text(error.at('message')), logId: text(error.at('log_id')) };
}

export function tiktokError(
  error: TikTokErrorBody,
  status: number,
  headers: Headers,
  now: Date,
): PlatformError {
  const kind = KIND_BY_CODE[error.code] ?? kindForStatus(status >= 200 && status < 300 ? 400 : status);
  const retryAfterMs =
    kind === 'rate_limited'
      ? (retryAfterFromHeader(headers.get('retry-after'), now) ??
        (DAILY_CODES.has(error.code) ? DAILY_CAP_MS : DEFAULT_RATE_LIMIT_MS))
      : null;
  const logged = error.logId === null ? '' : ` (log_id ${error.logId})`;
  return new PlatformError({
    kind,
    platform: 'tiktok',
    reason: `${error.message ?? error.code}${logged}`,
    platformStatus: status,
    platformCode: error.code,
    retryAfterMs,
  });
}

/**
 * TikTok API v2 errors arrive as `{ data, error: { code, message, log_id } }`; `code` decides, the
 * HTTP status only when the body is not TikTok's (an edge error page).
 * Sources: https://developers.tiktok.com/doc/tiktok-api-v2-error-handling,
 * https://developers.tiktok.com/doc/content-posting-api-reference-direct-post (checked 2026-11-24).
 */
export function classifyTikTokError(response: PlatformResponse, now: Date): PlatformError {
  let parsed: TikTokErrorBody | null = null;
  try {
    parsed = readTikTokError(new JsonReader(JSON.parse(response.text)));
  } catch {
    parsed = null;
  }
  if (parsed !== null) return tiktokError(parsed, response.status, response.headers, now);
  const kind = kindForStatus(response.status);
  return new PlatformError({
    kind,
    platform: 'tiktok',
    reason: `HTTP ${response.status}`,
    platformStatus: response.status,
    retryAfterMs:
      kind === 'rate_limited'
        ? (retryAfterFromHeader(response.headers.get('retry-after'), now) ?? DEFAULT_RATE_LIMIT_MS)
        : null,
  });
}
