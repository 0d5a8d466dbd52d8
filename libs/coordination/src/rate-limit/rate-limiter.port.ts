export interface RateLimitRule {
  /** Units admitted within any window of `windowMs` (a sliding window, not calendar slots). */
  readonly limit: number;
  readonly windowMs: number;
  /** Units this call uses (default 1); an expensive GraphQL query may cost more than one. */
  readonly cost?: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Units still available in the current window after this call. */
  readonly remaining: number;
  /** 0 when allowed; otherwise how long until this same call would be admitted. */
  readonly retryAfterMs: number;
  /** When every unit counted now has left the window (the full limit is available again). */
  readonly resetAt: Date;
}

/**
 * Sliding-window log limiter: a call is admitted when the costs admitted in the last `windowMs`
 * plus its own stay within `limit`. Exact (never admits more than `limit` in any window, also
 * under concurrent callers across replicas) where fixed windows admit up to twice the limit at a
 * window boundary. A denied call counts nothing, so a client hammering a limit does not extend
 * its own penalty. Memory per key grows with `limit`; use it for limits up to some thousands.
 *
 * Keys identify what is limited (`graphql:user:<id>`, `graphql:ip:<ip>`, `platform:x:<account>`);
 * a key must be used with one rule, or decisions mix windows.
 */
export interface RateLimiter {
  consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision>;
}
