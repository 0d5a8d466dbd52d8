import { systemClock, type Clock } from '@herald/shared-kernel';
import type { Cache } from './cache/cache.port';
import { createMemoryCache } from './cache/memory-cache';
import { createRedisCache } from './cache/redis-cache';
import type { LeaseManager } from './locks/lease-manager.port';
import { MemoryLeaseManager } from './locks/memory-lease-manager';
import { RedisLeaseManager } from './locks/redis-lease-manager';
import type { HandlerErrorReporter } from './pubsub/handler-registry';
import { MemoryPubSub } from './pubsub/memory-pub-sub';
import type { PubSub } from './pubsub/pub-sub.port';
import { RedisPubSub } from './pubsub/redis-pub-sub';
import type { RateLimiter } from './rate-limit/rate-limiter.port';
import { MemoryRateLimiter } from './rate-limit/memory-rate-limiter';
import { RedisRateLimiter } from './rate-limit/redis-rate-limiter';
import { closeRedisClient, createRedisClient, type RedisConnectionOptions } from './redis/redis-connection';
import { redisOperation } from './redis/redis-errors';

/** The four coordination ports as one process sees them, and what to close at shutdown. */
export interface Coordination {
  readonly leases: LeaseManager;
  readonly rateLimiter: RateLimiter;
  readonly cache: Cache;
  readonly pubSub: PubSub;
  close(): Promise<void>;
}

export interface MemoryCoordinationOptions {
  clock?: Clock;
  cacheMaxEntries?: number;
  onHandlerError?: HandlerErrorReporter;
}

export function createMemoryCoordination(options: MemoryCoordinationOptions = {}): Coordination {
  const clock = options.clock ?? systemClock;
  return {
    leases: new MemoryLeaseManager(clock),
    rateLimiter: new MemoryRateLimiter(clock),
    cache: createMemoryCache({ clock, maxEntries: options.cacheMaxEntries }),
    pubSub: new MemoryPubSub({ onHandlerError: options.onHandlerError }),
    close: async () => undefined,
  };
}

export interface RedisCoordinationOptions extends RedisConnectionOptions {
  /** Prepended to every key and channel (default `herald:`), so environments can share a Redis. */
  keyPrefix?: string;
  clock?: Clock;
  onHandlerError?: HandlerErrorReporter;
}

/**
 * Two connections per process: one for commands (leases, rate limits, cache, publish), one in
 * subscriber mode. Resolves once Redis answers PING, so a wrong REDIS_URL stops start-up with
 * COORDINATION.UNAVAILABLE instead of failing the first request.
 */
export async function connectRedisCoordination(options: RedisCoordinationOptions): Promise<Coordination> {
  const keyPrefix = options.keyPrefix ?? 'herald:';
  const commands = createRedisClient(options, 'commands');
  const subscriber = createRedisClient(options, 'subscriber');
  const close = async (): Promise<void> => {
    await Promise.all([closeRedisClient(commands), closeRedisClient(subscriber)]);
  };
  // Without a listener ioredis reports every failed reconnect attempt as an unhandled 'error'.
  commands.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  try {
    await redisOperation('connect', async () => {
      await commands.ping();
      await subscriber.ping();
    });
  } catch (error) {
    await close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  return {
    leases: new RedisLeaseManager(commands, keyPrefix, clock),
    rateLimiter: new RedisRateLimiter(commands, keyPrefix),
    cache: createRedisCache(commands, keyPrefix),
    pubSub: new RedisPubSub(commands, subscriber, keyPrefix, { onHandlerError: options.onHandlerError }),
    close,
  };
}
