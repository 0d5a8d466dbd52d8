import { Redis, type RedisOptions } from 'ioredis';

export interface RedisConnectionOptions {
  url: string;
  /** Shown by CLIENT LIST; lets operators (and the reconnect tests) find a replica's connections. */
  connectionName?: string;
  /**
   * How often a command is retried across reconnects before it fails with
   * COORDINATION.UNAVAILABLE. Low, so a Redis outage turns into fast errors rather than requests
   * piling up behind a dead connection; a dropped connection usually recovers within one retry.
   */
  maxRetriesPerRequest?: number;
}

export function createRedisClient(options: RedisConnectionOptions, role: string): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.connectionName ? `${options.connectionName}:${role}` : `herald:${role}`,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 3,
    // Reconnect quickly at first, then back off to at most 2 s between attempts.
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    // A command that was sent but not answered when the connection dropped is sent again after
    // reconnecting. Every write script here is safe to repeat (see the adapters) or, for
    // pub/sub, documented as possibly duplicated.
    autoResendUnfulfilledCommands: true,
    lazyConnect: false,
  };
  return new Redis(options.url, redisOptions);
}

/** QUIT if connected (lets Redis finish replies), otherwise just drop the reconnect loop. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Falls through to disconnect: the connection died while quitting.
    }
  }
  client.disconnect();
}
