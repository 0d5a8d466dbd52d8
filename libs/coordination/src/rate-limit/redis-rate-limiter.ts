import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script';
import { redisOperation } from '../redis/redis-errors';
import { checkRule } from './rate-limit-rule';
import type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limiter.port';

// The window log is a sorted set: score = admission time (ms), member = "<uuid>:<cost>". The
// script reads the time from Redis (TIME), so every API replica judges by one clock whatever
// their own clocks say; it prunes, sums, and admits or not in one atomic step, so concurrent
// callers on any number of replicas can never over-admit. The key expires one window after its
// last admission, so idle keys (an IP seen once) vanish by themselves.
const CONSUME = new LuaScript(
  `local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local entries = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
local used = 0
for i = 1, #entries, 2 do
  used = used + tonumber(string.match(entries[i], ':(%d+)$'))
end
if used + cost <= limit then
  redis.call('ZADD', key, now, ARGV[4] .. ':' .. ARGV[3])
  redis.call('PEXPIRE', key, window)
  return {1, limit - used - cost, 0, now + window}
end
local mustLeave = used + cost - limit
local freed = 0
local retryAfter = window
for i = 1, #entries, 2 do
  freed = freed + tonumber(string.match(entries[i], ':(%d+)$'))
  if freed >= mustLeave then
    retryAfter = tonumber(entries[i + 1]) + window - now
    break
  end
end
local newest = now
if #entries > 0 then newest = tonumber(entries[#entries]) end
return {0, limit - used, retryAfter, newest + window}`,
  1,
);

/**
 * A retried consume (ioredis re-sends a command whose reply a dropped connection lost) may count
 * its cost twice: that errs toward denying, never toward over-admitting.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const { limit, windowMs, cost } = checkRule(key, rule);
    const reply = await redisOperation('rate limit consume', () =>
      CONSUME.run(this.client, [`${this.keyPrefix}rate:${key}`], [limit, windowMs, cost, randomUUID()]),
    );
    if (!Array.isArray(reply) || reply.length !== 4 || !reply.every((value) => typeof value === 'number')) {
      throw new Error(`unexpected rate limit reply: ${JSON.stringify(reply)}`);
    }
    const [allowed, remaining, retryAfterMs, resetAtMs] = reply as [number, number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs, resetAt: new Date(resetAtMs) };
  }
}
