import { assertDuration, assertName, assertPositiveInteger, invalidArgument } from '../shared/arguments';
import type { RateLimitRule } from './rate-limiter.port';

export interface CheckedRule {
  limit: number;
  windowMs: number;
  cost: number;
}

export function checkRule(key: string, rule: RateLimitRule): CheckedRule {
  assertName('key', key);
  assertPositiveInteger('limit', rule.limit);
  assertDuration('windowMs', rule.windowMs);
  const cost = rule.cost ?? 1;
  assertPositiveInteger('cost', cost);
  // Such a call could never be admitted; waiting would not help, so it is the caller's bug.
  if (cost > rule.limit) throw invalidArgument('cost', `(${cost}) exceeds the limit (${rule.limit})`);
  return { limit: rule.limit, windowMs: rule.windowMs, cost };
}
