export type { Lease, LeaseHolder, LeaseManager } from './locks/lease-manager.port';
export { MemoryLeaseManager } from './locks/memory-lease-manager';
export { RedisLeaseManager } from './locks/redis-lease-manager';
export { withLease, type WithLeaseOptions, type WithLeaseResult } from './locks/with-lease';

export type { RateLimitDecision, RateLimiter, RateLimitRule } from './rate-limit/rate-limiter.port';
export { MemoryRateLimiter } from './rate-limit/memory-rate-limiter';
export { RedisRateLimiter } from './rate-limit/redis-rate-limiter';
export { enforceRateLimit, rateLimitExceeded } from './rate-limit/rate-limit.errors';

export type { Cache, CacheLoader, CacheParser } from './cache/cache.port';
export { createMemoryCache, type MemoryCacheOptions } from './cache/memory-cache';
export { createRedisCache } from './cache/redis-cache';

export type { MessageHandler, PubSub, Subscription, Unsubscribe } from './pubsub/pub-sub.port';
export { MemoryPubSub } from './pubsub/memory-pub-sub';
export { RedisPubSub } from './pubsub/redis-pub-sub';
export type { HandlerErrorReporter } from './pubsub/handler-registry';

export type { JsonPrimitive, JsonValue } from './shared/json-value';
export {
  connectRedisCoordination,
  createMemoryCoordination,
  type Coordination,
  type MemoryCoordinationOptions,
  type RedisCoordinationOptions,
} from './coordination';
export { CoordinationModule, type CoordinationModuleOptions } from './coordination.module';
export { CACHE, COORDINATION, LEASE_MANAGER, PUB_SUB, RATE_LIMITER } from './coordination.tokens';
