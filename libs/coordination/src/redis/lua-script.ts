import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script sent by its SHA1 (EVALSHA) and re-sent in full only when the server answers
 * NOSCRIPT (after a restart or SCRIPT FLUSH). Lua runs atomically in Redis: no other command
 * interleaves, which is what makes compare-and-set and check-then-add safe across replicas.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly keyCount: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    if (keys.length !== this.keyCount)
      throw new Error(`the script takes ${this.keyCount} keys, got ${keys.length}`);
    try {
      return await client.evalsha(this.sha, this.keyCount, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, this.keyCount, ...keys, ...args);
    }
  }
}
