import type { SocialPlatform } from '@herald/accounts';
import type { RateLimitRule } from '@herald/coordination';
import { CATEGORY_TOPICS } from '@herald/messaging';
import { HeraldError, type Environment } from '@herald/shared-kernel';

/** How the worker's background parts are named, leased and paced. Defaults suit production. */
export interface WorkerSettings {
  /** Stream category → topic: what the relay writes and the sagas read. */
  readonly topics: Readonly<Record<string, string>>;
  /** Consumer groups are `<prefix>.<saga>`: replicas sharing a prefix share the work. */
  readonly consumerGroupPrefix: string;
  /** Prepended to every lease resource, so two deployments can share one Redis. */
  readonly leasePrefix: string;
  /** A lease outlives a frozen holder by this much at most; renewed every third of it. */
  readonly leaseTtlMs: number;
  /** How often a replica tries again to take a lease another replica holds. */
  readonly leaseRetryMs: number;
  /** Off in specs: they run the sweeps by hand against a fixed clock. */
  readonly timers: boolean;
  readonly tokenRefresh: {
    readonly sweepIntervalMs: number;
    /** Tokens expiring sooner than this are refreshed. */
    readonly refreshWindowMs: number;
  };
  readonly metricsSync: {
    readonly intervalMs: number;
    /** Publications measured per sweep at most; the rest wait for the next one. */
    readonly batchSize: number;
    /** Reads per account and window, per platform; METRICS_RATE_LIMITS when absent. */
    readonly rateLimits?: Readonly<Record<SocialPlatform, RateLimitRule>>;
  };
}

export const WORKER_SETTINGS = Symbol('WorkerSettings');

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = {
  topics: CATEGORY_TOPICS,
  consumerGroupPrefix: 'herald.saga',
  leasePrefix: '',
  leaseTtlMs: 15_000,
  leaseRetryMs: 5_000,
  timers: true,
  tokenRefresh: { sweepIntervalMs: 5 * 60_000, refreshWindowMs: 24 * 3_600_000 },
  metricsSync: { intervalMs: 60_000, batchSize: 50 },
};

function milliseconds(env: Environment, variable: string, fallback: number, min: number): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new HeraldError(
      'CONFIG.INVALID',
      `${variable} must be a whole number of milliseconds of at least ${min} (got "${raw}")`,
      { variables: [variable] },
    );
  }
  return Number(raw);
}

/** The two paces an operator may want to change; everything else keeps its default. */
export function loadWorkerSettings(env: Environment): WorkerSettings {
  return {
    ...DEFAULT_WORKER_SETTINGS,
    tokenRefresh: {
      ...DEFAULT_WORKER_SETTINGS.tokenRefresh,
      sweepIntervalMs: milliseconds(
        env,
        'TOKEN_REFRESH_INTERVAL_MS',
        DEFAULT_WORKER_SETTINGS.tokenRefresh.sweepIntervalMs,
        10_000,
      ),
    },
    metricsSync: {
      ...DEFAULT_WORKER_SETTINGS.metricsSync,
      intervalMs: milliseconds(
        env,
        'METRICS_SYNC_INTERVAL_MS',
        DEFAULT_WORKER_SETTINGS.metricsSync.intervalMs,
        1_000,
      ),
    },
  };
}
