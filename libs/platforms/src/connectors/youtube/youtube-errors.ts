import type { PlatformResponse } from '../../http/platform-http-client';
import { retryAfterFromHeader } from '../../http/rate-limit-headers';
import { PlatformError, kindForStatus, type PlatformErrorKind } from '../../platform-error';
import { nextPacificMidnight } from './youtube-quota';

const DEFAULT_RATE_LIMIT_MS = 60_000;

/** Reasons whose limit is a daily one, reset at midnight Pacific with the project quota. */
const DAILY = new Set(['quotaExceeded', 'dailyLimitExceeded', 'uploadLimitExceeded']);
const KIND_BY_REASON: Readonly<Record<string, PlatformErrorKind>> = {
  quotaExceeded: 'rate_limited',
  dailyLimitExceeded: 'rate_limited',
  uploadLimitExceeded: 'rate_limited',
  rateLimitExceeded: 'rate_limited',
  userRateLimitExceeded: 'rate_limited',
  authError: 'needs_refresh',
  insufficientPermissions: 'needs_reconnect',
  youtubeSignupRequired: 'rejected',
  backendError: 'transient',
  internalError: 'transient',
};

function googleError(text: string): { reason: string | null; message: string | null } {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error !== 'object' || error === null) return { reason: null, message: null };
    const record = error as { message?: unknown; errors?: unknown };
    const first =
      Array.isArray(record.errors) && typeof record.errors[0] === 'object'
        ? (record.errors[0] as { reason?: unknown; message?: unknown })
        : {};
    return {
      reason: typeof first.reason === 'string' ? first.reason : null,
      message:
        typeof record.message === 'string'
          ? record.message
          : typeof first.message === 'string'
            ? first.message
            : null,
    };
  } catch {
    return { reason: null, message: null };
  }
}

/**
 * Google API errors, `{ error: { code, message, errors: [{ domain, reason, message }] } }`, by
 * `reason` first. `quotaExceeded` (403) is the project's daily quota: nothing helps before it
 * resets at midnight Pacific, so that is the retry time. `uploadLimitExceeded` is the channel's own
 * daily upload cap, which YouTube does not time; the same reset is the earliest useful retry.
 * Sources: https://developers.google.com/youtube/v3/docs/errors,
 * https://developers.google.com/youtube/v3/docs/videos/insert#errors (checked 2026-11-24).
 */
export function classifyYouTubeError(response: PlatformResponse, now: Date): PlatformError {
  const { reason, message } = googleError(response.text);
  const kind = (reason === null ? undefined : KIND_BY_REASON[reason]) ?? kindForStatus(response.status);
  let retryAfterMs: number | null = null;
  if (kind === 'rate_limited') {
    retryAfterMs =
      reason !== null && DAILY.has(reason)
        ? nextPacificMidnight(now).getTime() - now.getTime()
        : (retryAfterFromHeader(response.headers.get('retry-after'), now) ?? DEFAULT_RATE_LIMIT_MS);
  }
  const readable =
    reason === 'youtubeSignupRequired'
      ? 'this Google account has no YouTube channel yet; create one, then reconnect'
      : message;
  return new PlatformError({
    kind,
    platform: 'youtube',
    reason: readable ?? `HTTP ${response.status}`,
    platformStatus: response.status,
    platformCode: reason,
    retryAfterMs,
  });
}

/**
 * A resumable upload's `308 Resume Incomplete`: not a failure, the server saying how far it got.
 * It travels as an error only because the HTTP client resolves 2xx answers alone; the uploader
 * catches it at once.
 */
export class ResumeIncomplete extends PlatformError {
  constructor(readonly nextByte: number) {
    super({
      kind: 'transient',
      platform: 'youtube',
      reason: `upload incomplete; YouTube has the bytes before ${nextByte}`,
      platformStatus: 308,
    });
    this.name = 'ResumeIncomplete';
  }
}

/** `Range: bytes=0-524287` → 524288; no header means no byte was kept. */
export function nextByteFromRange(range: string | null): number {
  const match = range === null ? null : /^bytes=0-(\d+)$/.exec(range.trim());
  return match === null ? 0 : Number(match[1]) + 1;
}

/** Answers to PUTs on an upload session: 308 is progress, 404/410 an expired session. */
export function classifyUploadError(response: PlatformResponse, now: Date): PlatformError {
  if (response.status === 308) return new ResumeIncomplete(nextByteFromRange(response.headers.get('range')));
  if (response.status === 404 || response.status === 410) {
    return new PlatformError({
      kind: 'transient',
      platform: 'youtube',
      reason: 'the upload session expired before the upload finished; the publish must start again',
      platformStatus: response.status,
      platformCode: 'uploadSessionExpired',
    });
  }
  return classifyYouTubeError(response, now);
}
