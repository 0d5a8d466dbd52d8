import type { SocialPlatform } from '@herald/accounts';
import type { RateLimiter } from '@herald/coordination';
import type { Clock } from '@herald/shared-kernel';
import { CircuitBreakers, type CircuitBreakerOptions, type CircuitState } from '../support/circuit-breaker';
import type { PlatformLimits } from './publisher.options';

/** Admission to call a platform for one account, or why not now. */
export type GateDecision =
  | { readonly admitted: true; readonly permit: GatePermit }
  /** Wait and try again; nothing was attempted. */
  | { readonly admitted: false; readonly reason: 'retry_after' | 'rate_limit'; readonly retryInMs: number }
  /** The platform is failing: the attempt fails at once (it is recorded and retried on schedule). */
  | { readonly admitted: false; readonly reason: 'circuit_open'; readonly retryInMs: number };

/** What the platform said about the call, for its circuit breaker. */
export type CallVerdict = 'healthy' | 'failing' | 'inconclusive';

export interface GatePermit {
  /** Releases the concurrency slot and reports the call's verdict to the breaker; once. */
  release(verdict: CallVerdict): void;
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.size) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

/**
 * Everything that stands between the publisher and a platform call, in this order:
 * 1. a `Retry-After` the platform gave for the account (honoured for every post to it);
 * 2. the platform's circuit breaker (fail fast while it is down, one probe when half-open);
 * 3. the shared rate limiter (`publisher:<platform>`, across replicas);
 * 4. the per-platform concurrency limit of this replica (waits for a slot).
 */
export class PlatformGate {
  private readonly semaphores = new Map<SocialPlatform, Semaphore>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly breakers: CircuitBreakers;

  constructor(
    private readonly limits: Readonly<Record<SocialPlatform, PlatformLimits>>,
    private readonly rateLimiter: RateLimiter,
    private readonly clock: Clock,
    breaker: CircuitBreakerOptions,
  ) {
    this.breakers = new CircuitBreakers(clock, breaker);
  }

  async admit(platform: SocialPlatform, accountId: string): Promise<GateDecision> {
    const now = this.clock.now().getTime();
    const blocked = this.blockedUntil.get(blockKey(platform, accountId)) ?? 0;
    if (blocked > now) return { admitted: false, reason: 'retry_after', retryInMs: blocked - now };
    const breaker = this.breakers.for(platform);
    const permit = breaker.tryPass();
    if (!permit.allowed) return { admitted: false, reason: 'circuit_open', retryInMs: permit.retryInMs };
    const limits = this.limits[platform];
    let rate;
    try {
      rate = await this.rateLimiter.consume(`publisher:${platform}`, limits.rate);
    } catch (error) {
      breaker.onAbandoned();
      throw error;
    }
    if (!rate.allowed) {
      breaker.onAbandoned();
      return { admitted: false, reason: 'rate_limit', retryInMs: Math.max(1, rate.retryAfterMs) };
    }
    const semaphore = this.semaphore(platform);
    await semaphore.acquire();
    let released = false;
    return {
      admitted: true,
      permit: {
        release: (verdict) => {
          if (released) return;
          released = true;
          semaphore.release();
          if (verdict === 'healthy') breaker.onSuccess();
          else if (verdict === 'failing') breaker.onFailure();
          else breaker.onAbandoned();
        },
      },
    };
  }

  /** The platform asked to wait (429 Retry-After): no call for this account before `until`. */
  block(platform: SocialPlatform, accountId: string, until: Date): void {
    const key = blockKey(platform, accountId);
    this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, until.getTime()));
  }

  circuitStates(): Record<string, CircuitState> {
    return this.breakers.states();
  }

  private semaphore(platform: SocialPlatform): Semaphore {
    let semaphore = this.semaphores.get(platform);
    if (semaphore === undefined) {
      semaphore = new Semaphore(this.limits[platform].concurrency);
      this.semaphores.set(platform, semaphore);
    }
    return semaphore;
  }
}

const blockKey = (platform: SocialPlatform, accountId: string): string => `${platform}:${accountId}`;
