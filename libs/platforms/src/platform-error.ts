import { PLATFORM_NAMES, type SocialPlatform } from '@herald/accounts';
import { HeraldError, type ErrorCode } from '@herald/shared-kernel';

/**
 * How the publisher and the token-refresh saga must react to a failed platform call. The values
 * are the posts context's `PublishErrorClass`, so a classified error goes straight into
 * `RecordPublishFailure.errorClass`.
 */
export const PLATFORM_ERROR_KINDS = [
  'needs_refresh',
  'needs_reconnect',
  'rejected',
  'rate_limited',
  'transient',
] as const;
export type PlatformErrorKind = (typeof PLATFORM_ERROR_KINDS)[number];

const CODE_BY_KIND: Readonly<Record<PlatformErrorKind, ErrorCode>> = {
  needs_refresh: 'PLATFORM.NEEDS_REFRESH',
  needs_reconnect: 'PLATFORM.NEEDS_RECONNECT',
  rejected: 'PLATFORM.REJECTED',
  rate_limited: 'PLATFORM.RATE_LIMITED',
  transient: 'PLATFORM.TRANSIENT',
};

export interface PlatformErrorInit {
  readonly kind: PlatformErrorKind;
  readonly platform: SocialPlatform;
  /** The platform's own words when it gave any (shown to the person who must act), else ours. */
  readonly reason: string;
  /** The platform's HTTP status; null when no response arrived (timeout, connection refused). */
  readonly platformStatus?: number | null;
  /** The platform's error code (Graph `code/subcode`, X problem `type`, OAuth `error`). */
  readonly platformCode?: string | null;
  readonly retryAfterMs?: number | null;
  /**
   * True when the request may have reached the platform and taken effect: a timeout or a dropped
   * connection after sending, a 5xx or an unreadable answer to a write. A publish that fails this
   * way must be reconciled with the platform's recent posts before it is retried, or it may post twice.
   */
  readonly outcomeUnknown?: boolean;
  readonly cause?: unknown;
}

/** A classified failure of a platform call; `code` follows `kind` so the API formatter maps it like any HeraldError. */
export class PlatformError extends HeraldError {
  readonly kind: PlatformErrorKind;
  readonly platform: SocialPlatform;
  readonly reason: string;
  readonly platformStatus: number | null;
  readonly platformCode: string | null;
  readonly retryAfterMs: number | null;
  readonly outcomeUnknown: boolean;

  constructor(init: PlatformErrorInit) {
    const platformStatus = init.platformStatus ?? null;
    const platformCode = init.platformCode ?? null;
    const retryAfterMs = init.retryAfterMs ?? null;
    const outcomeUnknown = init.outcomeUnknown ?? false;
    super(
      CODE_BY_KIND[init.kind],
      `${PLATFORM_NAMES[init.platform]}: ${init.reason}`,
      {
        platform: init.platform,
        kind: init.kind,
        reason: init.reason,
        httpStatus: platformStatus,
        platformCode,
        retryAfterMs,
        outcomeUnknown,
      },
      { cause: init.cause },
    );
    this.name = 'PlatformError';
    this.kind = init.kind;
    this.platform = init.platform;
    this.reason = init.reason;
    this.platformStatus = platformStatus;
    this.platformCode = platformCode;
    this.retryAfterMs = retryAfterMs;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** Whether the same call may succeed later without a person acting (a refresh is automatic). */
  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate_limited' || this.kind === 'needs_refresh';
  }

  /** The earliest instant the platform allows another call, when it said so. */
  retryAt(now: Date): Date | null {
    return this.retryAfterMs === null ? null : new Date(now.getTime() + this.retryAfterMs);
  }

  /** The same failure marked as possibly applied (used when a write's answer is lost or unreadable). */
  withOutcomeUnknown(): PlatformError {
    if (this.outcomeUnknown) return this;
    return new PlatformError({ ...this.init(), outcomeUnknown: true });
  }

  private init(): PlatformErrorInit {
    return {
      kind: this.kind,
      platform: this.platform,
      reason: this.reason,
      platformStatus: this.platformStatus,
      platformCode: this.platformCode,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    };
  }
}

export function isPlatformError(error: unknown, kind?: PlatformErrorKind): error is PlatformError {
  return error instanceof PlatformError && (kind === undefined || error.kind === kind);
}

/**
 * The classification every platform starts from; connectors refine it with their error bodies.
 * 401 means the token was not accepted (a refresh usually fixes it); other 4xx are refusals of
 * this request; 408/425/5xx are the platform's trouble.
 */
export function kindForStatus(status: number): PlatformErrorKind {
  if (status === 401) return 'needs_refresh';
  if (status === 429) return 'rate_limited';
  if (status === 408 || status === 425 || status >= 500) return 'transient';
  return 'rejected';
}
