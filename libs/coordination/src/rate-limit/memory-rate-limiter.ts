import { systemClock, type Clock } from '@herald/shared-kernel';
import { checkRule } from './rate-limit-rule';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.port';

interface Admitted {
  at: number;
  cost: number;
}

interface WindowLog {
  windowMs: number;
  /** Oldest first. */
  entries: Admitted[];
}

const SWEEP_EVERY = 1024;

/**
 * The sliding-window log of the Redis adapter, in one process. Calls run to completion without
 * awaiting, so concurrent callers are serialized by the event loop and can never over-admit.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, WindowLog>();
  private callsSinceSweep = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const { limit, windowMs, cost } = checkRule(key, rule);
    this.sweepNowAndThen();
    const log = this.logs.get(key) ?? { windowMs, entries: [] };
    log.windowMs = windowMs;
    // A clock stepping back must not let an entry sort before older ones and leave early.
    const newest = log.entries.at(-1)?.at ?? -Infinity;
    const now = Math.max(this.clock.now().getTime(), newest);
    log.entries = log.entries.filter((entry) => entry.at > now - windowMs);
    const used = log.entries.reduce((sum, entry) => sum + entry.cost, 0);

    if (used + cost <= limit) {
      log.entries.push({ at: now, cost });
      this.logs.set(key, log);
      return {
        allowed: true,
        remaining: limit - used - cost,
        retryAfterMs: 0,
        resetAt: new Date(now + windowMs),
      };
    }

    const mustLeave = used + cost - limit;
    let freed = 0;
    let retryAfterMs = windowMs;
    for (const entry of log.entries) {
      freed += entry.cost;
      if (freed >= mustLeave) {
        retryAfterMs = entry.at + windowMs - now;
        break;
      }
    }
    this.logs.set(key, log);
    const resetAt = new Date((log.entries.at(-1)?.at ?? now) + windowMs);
    return { allowed: false, remaining: limit - used, retryAfterMs, resetAt };
  }

  private sweepNowAndThen(): void {
    if (++this.callsSinceSweep < SWEEP_EVERY) return;
    this.callsSinceSweep = 0;
    const now = this.clock.now().getTime();
    for (const [key, log] of this.logs) {
      const newest = log.entries.at(-1)?.at;
      if (newest === undefined || newest <= now - log.windowMs) this.logs.delete(key);
    }
  }
}
