import { Redis } from 'ioredis';
import type { CoordinationHarness } from '../contract/contract-harness';
import { connectRedisCoordination, type Coordination } from '../coordination';
import type { HandlerErrorReporter } from '../pubsub/handler-registry';
import { escapeGlob } from '../pubsub/channel-pattern';
import { closeRedisClient } from '../redis/redis-connection';
import { startRedis, type RedisTarget, type RunningRedis } from './redis-test-server';

export interface RedisSpecContext {
  harness: CoordinationHarness;
  /** A replica with a known connection name, for tests that kill its connections. */
  namedReplica(connectionName: string): Promise<Coordination>;
  /** An administrative connection outside the replicas (CLIENT LIST / CLIENT KILL, key checks). */
  admin(): Redis;
  url(): string;
  keyPrefix: string;
}

/**
 * Starts (or finds) the server in beforeAll, hands out replicas under one key prefix private to
 * this run, and in afterAll closes them all, deletes the run's keys and stops what it started.
 */
export function useRedisForSpec(target: Exclude<RedisTarget, { kind: 'none' }>): RedisSpecContext {
  const keyPrefix = `herald-test:${process.pid}-${Date.now().toString(36)}:`;
  let server: RunningRedis | null = null;
  let adminClient: Redis | null = null;
  const opened: Coordination[] = [];

  beforeAll(async () => {
    server = await startRedis(target);
    adminClient = new Redis(server.url, { connectionName: 'herald-test-admin', maxRetriesPerRequest: 3 });
    await adminClient.ping();
  }, 180_000);

  afterAll(async () => {
    try {
      await Promise.all(opened.map((coordination) => coordination.close()));
      if (adminClient) {
        const stream = adminClient.scanStream({ match: `${escapeGlob(keyPrefix)}*`, count: 500 });
        for await (const keys of stream as AsyncIterable<string[]>) {
          if (keys.length > 0) await adminClient.unlink(...keys);
        }
        await closeRedisClient(adminClient);
      }
    } finally {
      await server?.stop();
    }
  }, 60_000);

  const url = (): string => {
    if (!server) throw new Error('the Redis server has not started');
    return server.url;
  };
  const open = async (
    options: { onHandlerError?: HandlerErrorReporter; connectionName?: string } = {},
  ): Promise<Coordination> => {
    const coordination = await connectRedisCoordination({ url: url(), keyPrefix, ...options });
    opened.push(coordination);
    return coordination;
  };

  return {
    harness: { replica: (options) => open(options) },
    namedReplica: (connectionName) => open({ connectionName }),
    admin: () => {
      if (!adminClient) throw new Error('the Redis server has not started');
      return adminClient;
    },
    url,
    keyPrefix,
  };
}
