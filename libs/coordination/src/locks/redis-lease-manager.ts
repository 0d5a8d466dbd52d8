import { systemClock, type Clock } from '@herald/shared-kernel';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script';
import { redisOperation } from '../redis/redis-errors';
import { assertDuration, assertName } from '../shared/arguments';
import type { Lease, LeaseHolder, LeaseManager } from './lease-manager.port';

// A lease is one key, `<token>|<owner>`, with the TTL as the key's PX expiry: Redis itself ends
// an abandoned lease, whatever happened to its holder. Tokens come from one INCR counter for the
// whole key prefix: strictly increasing per resource because they increase globally, without a
// counter key left behind per resource (a key per due post would never be cleaned up). The
// counter has no TTL; tokens keep increasing for as long as Redis keeps its data (in production
// with persistence on; should it ever be lost, the event store's expected revisions remain the
// final guard, see lease-manager.port.ts).
const ACQUIRE = new LuaScript(
  `local current = redis.call('GET', KEYS[1])
if current then
  local bar = string.find(current, '|', 1, true)
  if string.sub(current, bar + 1) ~= ARGV[1] then return false end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return string.sub(current, 1, bar - 1)
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. '|' .. ARGV[1], 'PX', ARGV[2])
return tostring(token)`,
  2,
);

// Compare-and-set on the whole value: the owner *and* the token must match, so a stale lease
// object of an owner that since re-acquired (new token) cannot renew or release the new lease.
const RENEW = new LuaScript(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  1,
);

const RELEASE = new LuaScript(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`,
  1,
);

const HOLDER = new LuaScript(
  `local current = redis.call('GET', KEYS[1])
if not current then return false end
return {current, redis.call('PTTL', KEYS[1])}`,
  1,
);

/**
 * Every script is safe to repeat, which matters because ioredis re-sends a command whose reply
 * was lost with a dropped connection: a repeated acquire finds its own owner and returns the same
 * token, a repeated renew renews again, and a repeated release finds nothing (so `release` may
 * answer false for a lease that its first attempt did release).
 */
export class RedisLeaseManager implements LeaseManager {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async acquire(resource: string, owner: string, ttlMs: number): Promise<Lease | null> {
    assertName('resource', resource);
    assertName('owner', owner);
    assertDuration('ttlMs', ttlMs);
    const sentAt = this.clock.now().getTime();
    const reply = await redisOperation('lease acquire', () =>
      ACQUIRE.run(this.client, [this.leaseKey(resource), `${this.keyPrefix}lease-fence`], [owner, ttlMs]),
    );
    if (reply === null) return null;
    return { resource, owner, token: parseToken(reply), expiresAt: new Date(sentAt + ttlMs) };
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    assertDuration('ttlMs', ttlMs);
    const sentAt = this.clock.now().getTime();
    const reply = await redisOperation('lease renew', () =>
      RENEW.run(this.client, [this.leaseKey(lease.resource)], [leaseValue(lease), ttlMs]),
    );
    return reply === 1 ? { ...lease, expiresAt: new Date(sentAt + ttlMs) } : null;
  }

  async release(lease: Lease): Promise<boolean> {
    const reply = await redisOperation('lease release', () =>
      RELEASE.run(this.client, [this.leaseKey(lease.resource)], [leaseValue(lease)]),
    );
    return reply === 1;
  }

  async holder(resource: string): Promise<LeaseHolder | null> {
    assertName('resource', resource);
    const now = this.clock.now().getTime();
    const reply = await redisOperation('lease holder', () =>
      HOLDER.run(this.client, [this.leaseKey(resource)], []),
    );
    if (reply === null) return null;
    if (!Array.isArray(reply) || typeof reply[0] !== 'string' || typeof reply[1] !== 'number') {
      throw new Error(`unexpected lease holder reply: ${JSON.stringify(reply)}`);
    }
    const bar = reply[0].indexOf('|');
    return {
      owner: reply[0].slice(bar + 1),
      token: parseToken(reply[0].slice(0, bar)),
      expiresAt: new Date(now + Math.max(0, reply[1])),
    };
  }

  private leaseKey(resource: string): string {
    return `${this.keyPrefix}lease:${resource}`;
  }
}

function leaseValue(lease: Lease): string {
  return `${lease.token}|${lease.owner}`;
}

function parseToken(reply: unknown): number {
  const token = typeof reply === 'string' ? Number(reply) : NaN;
  if (!Number.isSafeInteger(token) || token <= 0)
    throw new Error(`unexpected fencing token from Redis: ${String(reply)}`);
  return token;
}
