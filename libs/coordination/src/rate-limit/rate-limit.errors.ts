import { HeraldError } from '@herald/shared-kernel';
import type { RateLimitDecision, RateLimitRule } from './rate-limiter.port';

/**
 * The error a caller throws for a denied decision. The key is left out of the details on purpose:
 * it often holds a user id or an IP address, and error details never carry personal data.
 */
export function rateLimitExceeded(decision: RateLimitDecision, rule: RateLimitRule): HeraldError {
  return new HeraldError('RATE_LIMIT.EXCEEDED', undefined, {
    retryAfterMs: decision.retryAfterMs,
    retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000),
    resetAt: decision.resetAt.toISOString(),
    limit: rule.limit,
    windowMs: rule.windowMs,
  });
}

/** Consumes and throws RATE_LIMIT.EXCEEDED when denied; returns the decision for response headers. */
export async function enforceRateLimit(
  limiter: { consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> },
  key: string,
  rule: RateLimitRule,
): Promise<RateLimitDecision> {
  const decision = await limiter.consume(key, rule);
  if (!decision.allowed) throw rateLimitExceeded(decision, rule);
  return decision;
}
