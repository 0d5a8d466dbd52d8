import type { Redis } from 'ioredis';
import { escapeGlob } from '../pubsub/channel-pattern';
import { redisOperation } from '../redis/redis-errors';
import type { CacheBackend } from './cache-backend';
import type { Cache } from './cache.port';
import { NamespacedCache } from './namespaced-cache';

const SCAN_BATCH = 500;

class RedisCacheBackend implements CacheBackend {
  constructor(
    private readonly client: Redis,
    private readonly root: string,
  ) {}

  async read(key: string): Promise<string | undefined> {
    const text = await redisOperation('cache get', () => this.client.get(this.root + key));
    return text ?? undefined;
  }

  async write(key: string, text: string, ttlMs: number): Promise<void> {
    await redisOperation('cache set', () => this.client.set(this.root + key, text, 'PX', ttlMs));
  }

  async remove(key: string): Promise<boolean> {
    return (await redisOperation('cache delete', () => this.client.del(this.root + key))) > 0;
  }

  // SCAN, not KEYS: it never blocks Redis for the whole keyspace. UNLINK frees memory in the
  // background. Keys written while the scan runs may survive it, as with any non-atomic sweep;
  // a tenant's erasure also deletes the key that decrypts them, so survivors are unreadable.
  async removePrefix(prefix: string): Promise<number> {
    return redisOperation('cache clear', async () => {
      const match = `${escapeGlob(this.root + prefix)}*`;
      let cursor = '0';
      let removed = 0;
      do {
        const [next, keys] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', SCAN_BATCH);
        cursor = next;
        if (keys.length > 0) removed += await this.client.unlink(...keys);
      } while (cursor !== '0');
      return removed;
    });
  }
}

export function createRedisCache(client: Redis, keyPrefix: string): Cache {
  return new NamespacedCache(new RedisCacheBackend(client, `${keyPrefix}cache:`));
}
