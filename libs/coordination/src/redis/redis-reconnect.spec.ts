import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { eventually, unique } from '../contract/contract-harness';
import { connectRedisCoordination } from '../coordination';
import type { JsonValue } from '../shared/json-value';
import { useRedisForSpec } from '../testing/redis-spec-setup';
import { chooseRedisTarget } from '../testing/redis-test-server';
import { warnNotRun } from '../testing/warn-not-run';

const target = chooseRedisTarget();

async function clientIds(admin: Redis, name: string): Promise<string[]> {
  const list = String(await admin.client('LIST'));
  return list
    .split('\n')
    .filter((line) => new RegExp(`(^| )name=${name}( |$)`).test(line))
    .map((line) => /(?:^| )id=(\d+)/.exec(line)?.[1] ?? '')
    .filter((id) => id !== '');
}

/** Kills the named connection server-side, as a network failure or a Redis failover would. */
async function killConnection(admin: Redis, name: string): Promise<string> {
  const [id] = await clientIds(admin, name);
  if (!id) throw new Error(`no Redis connection named ${name}`);
  await admin.client('KILL', 'ID', id);
  return id;
}

if (target.kind === 'none') {
  warnNotRun('Redis reconnect tests', target.reason);
  describe('Redis coordination: reconnects', () => {
    it.skip('NOT RUN: needs REDIS_URL, an installed redis-server or a Docker engine', () => undefined);
  });
} else {
  describe(`Redis coordination: reconnects and key hygiene (${target.kind})`, () => {
    const redis = useRedisForSpec(target);

    it('re-subscribes channels and patterns after the subscriber connection is killed', async () => {
      const name = unique('replica');
      const subscriber = await redis.namedReplica(name);
      const publisher = await redis.harness.replica();
      const channel = unique('post-updates');
      const received: JsonValue[] = [];
      const byPattern: string[] = [];
      await subscriber.pubSub.subscribe({ channel }, (message) => received.push(message));
      await subscriber.pubSub.subscribe({ pattern: `${channel}.*` }, (_message, actual) =>
        byPattern.push(actual),
      );
      await publisher.pubSub.publish(channel, 'before');
      await eventually(() => (received.includes('before') ? true : undefined));

      const killed = await killConnection(redis.admin(), `${name}:subscriber`);
      // Messages published while it reconnects are lost (documented); probe until one arrives.
      let probe = 0;
      await eventually(
        async () => {
          await publisher.pubSub.publish(channel, `probe-${++probe}`);
          return received.some((message) => String(message).startsWith('probe-')) ? true : undefined;
        },
        10_000,
        'the channel subscription to come back',
      );
      await eventually(
        async () => {
          await publisher.pubSub.publish(`${channel}.sub`, 'pattern probe');
          return byPattern.length > 0 ? true : undefined;
        },
        10_000,
        'the pattern subscription to come back',
      );
      const ids = await clientIds(redis.admin(), `${name}:subscriber`);
      expect(ids).toHaveLength(1);
      expect(ids[0]).not.toBe(killed);

      received.length = 0;
      for (let i = 0; i < 50; i++) await publisher.pubSub.publish(channel, i);
      await eventually(() => (received.length === 50 ? true : undefined));
      expect(received).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('keeps leases working, and exclusive, across a killed command connection', async () => {
      const name = unique('worker');
      const replica = await redis.namedReplica(name);
      const rival = await redis.harness.replica();
      const resource = unique('post');
      const lease = await replica.leases.acquire(resource, 'worker-a', 30_000);
      expect(lease).not.toBeNull();
      if (!lease) return;

      await killConnection(redis.admin(), `${name}:commands`);
      // Commands in flight when the connection drops are re-sent after reconnecting; the scripts
      // are safe to repeat, so each of these still gets a correct answer.
      const [renewed, again, rivalTry] = await Promise.all([
        replica.leases.renew(lease, 30_000),
        replica.leases.acquire(resource, 'worker-a', 30_000),
        rival.leases.acquire(resource, 'worker-b', 30_000),
      ]);
      expect(renewed?.token).toBe(lease.token);
      expect(again?.token).toBe(lease.token);
      expect(rivalTry).toBeNull();
      expect(await replica.leases.release(lease)).toBe(true);
      const next = await rival.leases.acquire(resource, 'worker-b', 30_000);
      expect(next?.token).toBeGreaterThan(lease.token);
    });

    it('re-sends commands caught in flight by the kill', async () => {
      const name = unique('worker');
      const replica = await redis.namedReplica(name);
      const resources = Array.from({ length: 30 }, () => unique('partition'));
      const pending = resources.map((resource) => replica.leases.acquire(resource, 'worker-a', 30_000));
      await killConnection(redis.admin(), `${name}:commands`);
      const leases = await Promise.all(pending);
      expect(leases.every((lease) => lease !== null && lease.owner === 'worker-a')).toBe(true);
      const limit = await replica.rateLimiter.consume(unique('graphql:user'), { limit: 1, windowMs: 1_000 });
      expect(limit.allowed).toBe(true);
    });

    it('lets idle rate-limit and cache keys expire in Redis, and keeps every key under the prefix', async () => {
      const replica = await redis.harness.replica();
      const key = unique('graphql:ip');
      await replica.rateLimiter.consume(key, { limit: 5, windowMs: 10_000 });
      const rateTtl = await redis.admin().pttl(`${redis.keyPrefix}rate:${key}`);
      expect(rateTtl).toBeGreaterThan(0);
      expect(rateTtl).toBeLessThanOrEqual(10_000);
      await replica.cache.namespace('tenant-1').set('k', 1, 5_000);
      const cacheTtl = await redis.admin().pttl(`${redis.keyPrefix}cache:tenant-1/#k`);
      expect(cacheTtl).toBeGreaterThan(0);
      expect(cacheTtl).toBeLessThanOrEqual(5_000);
      const lease = await replica.leases.acquire(unique('post'), 'worker-a', 7_000);
      const leaseTtl = await redis.admin().pttl(`${redis.keyPrefix}lease:${lease?.resource}`);
      expect(leaseTtl).toBeGreaterThan(0);
      expect(leaseTtl).toBeLessThanOrEqual(7_000);
    });

    it('fails fast with COORDINATION.UNAVAILABLE when Redis cannot be reached', async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const address = probe.address();
          probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
        });
      });
      const started = Date.now();
      await expect(
        connectRedisCoordination({ url: `redis://127.0.0.1:${port}`, maxRetriesPerRequest: 1 }),
      ).rejects.toMatchObject({
        code: 'COORDINATION.UNAVAILABLE',
        details: { operation: 'connect' },
      });
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
}
