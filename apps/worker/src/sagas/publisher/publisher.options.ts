import type { SocialPlatform } from '@herald/accounts';
import type { RateLimitRule } from '@herald/coordination';
import type { CircuitBreakerOptions } from '../support/circuit-breaker';

export interface PlatformLimits {
  /** Platform calls in flight at once from this replica. */
  readonly concurrency: number;
  /** Publish calls admitted per window across all replicas (the shared rate limiter). */
  readonly rate: RateLimitRule;
}

export interface PublisherOptions {
  /** Consumer group on the bus and scope of processed-event ids. */
  readonly consumer: string;
  /** Names this replica in leases; unique per process. */
  readonly instanceId: string;
  /** Lease on one due target; renewed at a third while the attempt runs. */
  readonly leaseTtlMs: number;
  /**
   * An attempt with no recorded outcome this long after it started is reconciled with the
   * platform (when its lease is free: a live owner still holds it). Platform listings are
   * eventually consistent, so not sooner than the first retry delay.
   */
  readonly reconcileAfterMs: number;
  /** How long a failing reconciliation (platform down) is retried before the attempt is given up as unknown. */
  readonly reconcileGiveUpMs: number;
  readonly reconcileRetryMs: number;
  /** An asynchronous publish (video, container) still processing after this is left to reconciliation. */
  readonly asyncPublishTimeoutMs: number;
  /** Bounds and floors the connector's `checkAfterMs` between status polls. */
  readonly pollIntervalMs: { readonly min: number; readonly max: number };
  readonly timers: { readonly sweepMs: number; readonly concurrency: number; readonly stuckRetryMs: number };
  readonly limits: Readonly<Record<SocialPlatform, PlatformLimits>>;
  readonly circuitBreaker: CircuitBreakerOptions;
}

const perMinute = (limit: number): RateLimitRule => ({ limit, windowMs: 60_000 });

/**
 * Publish-call limits per platform, below each platform's documented write limits so the
 * platform's own 429 (with Retry-After, also honoured) stays the exception: X allows 100 posts per
 * 15 min per user on the Basic tier, Graph API apps about 200 calls per user per hour, Discord
 * webhooks 5 requests per 2 s, Slack one message per second per webhook.
 */
export const DEFAULT_PLATFORM_LIMITS: Readonly<Record<SocialPlatform, PlatformLimits>> = {
  facebook: { concurrency: 4, rate: perMinute(60) },
  instagram: { concurrency: 4, rate: perMinute(25) },
  x: { concurrency: 4, rate: perMinute(30) },
  linkedin: { concurrency: 2, rate: perMinute(30) },
  tiktok: { concurrency: 2, rate: perMinute(20) },
  youtube: { concurrency: 2, rate: perMinute(10) },
  webhook: { concurrency: 8, rate: perMinute(60) },
};

export const DEFAULT_PUBLISHER_OPTIONS: Omit<PublisherOptions, 'instanceId'> = {
  consumer: 'herald.saga.publisher',
  leaseTtlMs: 60_000,
  reconcileAfterMs: 60_000,
  reconcileGiveUpMs: 24 * 60 * 60_000,
  reconcileRetryMs: 60_000,
  asyncPublishTimeoutMs: 30 * 60_000,
  pollIntervalMs: { min: 1_000, max: 60_000 },
  timers: { sweepMs: 30_000, concurrency: 8, stuckRetryMs: 5_000 },
  limits: DEFAULT_PLATFORM_LIMITS,
  circuitBreaker: { failureThreshold: 5, openMs: 60_000 },
};
