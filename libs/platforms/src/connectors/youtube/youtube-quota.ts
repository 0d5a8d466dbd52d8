import { systemClock, type Clock } from '@herald/shared-kernel';
import { PlatformError } from '../../platform-error';

export type YouTubeMethod =
  'videos.insert' | 'videos.list' | 'channels.list' | 'playlistItems.list' | 'search.list';

/** Daily limits per bucket, and what each method draws from which bucket. */
export interface YouTubeQuotaPolicy {
  readonly buckets: Readonly<Record<string, number>>;
  readonly costs: Readonly<Record<YouTubeMethod, { readonly bucket: string; readonly cost: number }>>;
}

const ONE_UNIT = { bucket: 'units', cost: 1 } as const;

/**
 * The current model: 10,000 units a day for most methods, and separate buckets of 100 calls a day
 * for `videos.insert` and `search.list`. Source: https://developers.google.com/youtube/data/determine_quota_cost
 * (checked 2026-11-24).
 */
export function youtubeQuota(dailyUnits = 10_000): YouTubeQuotaPolicy {
  return {
    buckets: { units: dailyUnits, 'videos.insert': 100, 'search.list': 100 },
    costs: {
      'videos.insert': { bucket: 'videos.insert', cost: 1 },
      'search.list': { bucket: 'search.list', cost: 1 },
      'videos.list': ONE_UNIT,
      'channels.list': ONE_UNIT,
      'playlistItems.list': ONE_UNIT,
    },
  };
}

/**
 * The model Google documented until its 2026 change, still what some projects are on: everything
 * from one 10,000-unit bucket, `videos.insert` at 1,600 units and `search.list` at 100.
 * Source: https://developers.google.com/youtube/v3/determine_quota_cost (earlier revision).
 */
export function youtubeUnitsOnlyQuota(dailyUnits = 10_000): YouTubeQuotaPolicy {
  return {
    buckets: { units: dailyUnits },
    costs: {
      'videos.insert': { bucket: 'units', cost: 1600 },
      'search.list': { bucket: 'units', cost: 100 },
      'videos.list': ONE_UNIT,
      'channels.list': ONE_UNIT,
      'playlistItems.list': ONE_UNIT,
    },
  };
}

const PACIFIC = 'America/Los_Angeles';
const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function pacificParts(at: Date): { y: number; m: number; d: number; offsetMs: number } {
  const parts = Object.fromEntries(wallClock.formatToParts(at).map((p) => [p.type, p.value]));
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const wall = Date.UTC(y, m - 1, d, Number(parts.hour), Number(parts.minute), Number(parts.second));
  return { y, m, d, offsetMs: wall - Math.floor(at.getTime() / 1000) * 1000 };
}

/** The Pacific calendar day `at` falls in, as YYYY-MM-DD: YouTube's quota day. */
export function pacificDay(at: Date): string {
  const { y, m, d } = pacificParts(at);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The next midnight Pacific Time after `now`, across PST/PDT changes. */
export function nextPacificMidnight(now: Date): Date {
  const { y, m, d, offsetMs } = pacificParts(now);
  const midnightWall = Date.UTC(y, m - 1, d + 1);
  const guess = midnightWall - offsetMs;
  // The offset at midnight may differ from now's (the clocks change at 02:00); correct with it.
  return new Date(midnightWall - pacificParts(new Date(guess)).offsetMs);
}

/**
 * Tracks this project's YouTube quota for the current Pacific day, in this process. A call that
 * would exceed a bucket is refused before it is made (Google charges even refused calls), and a
 * `quotaExceeded` answer marks the bucket spent until midnight Pacific, when Google resets it.
 * Several processes sharing one project each keep their own count; Google's answer remains the
 * authority, which is why `quotaExceeded` is honoured whatever the local count says.
 */
export class YouTubeQuotaTracker {
  private day = '';
  private readonly used = new Map<string, number>();
  private readonly spent = new Set<string>();

  constructor(
    private readonly policy: YouTubeQuotaPolicy,
    private readonly clock: Clock = systemClock,
  ) {}

  private roll(): Date {
    const now = this.clock.now();
    const day = pacificDay(now);
    if (day !== this.day) {
      this.day = day;
      this.used.clear();
      this.spent.clear();
    }
    return now;
  }

  reserve(method: YouTubeMethod): void {
    const now = this.roll();
    const { bucket, cost } = this.policy.costs[method];
    const limit = this.policy.buckets[bucket] ?? Number.POSITIVE_INFINITY;
    const used = this.used.get(bucket) ?? 0;
    if (this.spent.has(bucket) || used + cost > limit) {
      throw new PlatformError({
        kind: 'rate_limited',
        platform: 'youtube',
        reason: `the YouTube quota for ${method} is used up for today (${used} of ${limit} in bucket ${bucket}); it resets at midnight Pacific Time`,
        platformCode: 'quotaExceeded',
        retryAfterMs: nextPacificMidnight(now).getTime() - now.getTime(),
      });
    }
    this.used.set(bucket, used + cost);
  }

  exhaust(method: YouTubeMethod): void {
    this.roll();
    this.spent.add(this.policy.costs[method].bucket);
  }

  usage(): Record<string, { used: number; limit: number; spent: boolean }> {
    this.roll();
    return Object.fromEntries(
      Object.entries(this.policy.buckets).map(([bucket, limit]) => [
        bucket,
        { used: this.used.get(bucket) ?? 0, limit, spent: this.spent.has(bucket) },
      ]),
    );
  }
}
