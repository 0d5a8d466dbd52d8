import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import type { Cache } from './cache/cache.port';
import { CoordinationModule, type CoordinationModuleOptions } from './coordination.module';
import { CACHE, LEASE_MANAGER, PUB_SUB, RATE_LIMITER } from './coordination.tokens';
import type { LeaseManager } from './locks/lease-manager.port';
import type { PubSub } from './pubsub/pub-sub.port';
import type { RateLimiter } from './rate-limit/rate-limiter.port';
import { chooseRedisTarget, startRedis, type RunningRedis } from './testing/redis-test-server';
import { warnNotRun } from './testing/warn-not-run';

@Injectable()
class NeedsCoordination {
  constructor(
    @Inject(LEASE_MANAGER) readonly leases: LeaseManager,
    @Inject(RATE_LIMITER) readonly rateLimiter: RateLimiter,
    @Inject(CACHE) readonly cache: Cache,
    @Inject(PUB_SUB) readonly pubSub: PubSub,
  ) {}
}

@Module({ providers: [NeedsCoordination] })
class FeatureModule {}

async function exercise(options: CoordinationModuleOptions): Promise<void> {
  @Module({ imports: [CoordinationModule.forRoot(options), FeatureModule] })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  try {
    const sut = app.get(NeedsCoordination);
    const lease = await sut.leases.acquire(`module-${Date.now()}`, 'worker-a', 5_000);
    expect(lease?.token).toBeGreaterThan(0);
    expect(
      (await sut.rateLimiter.consume(`module-${Date.now()}`, { limit: 1, windowMs: 1_000 })).allowed,
    ).toBe(true);
    await sut.cache.namespace(`module-${Date.now()}`).set('k', { ok: true }, 5_000);
    const received: unknown[] = [];
    const channel = `module-${Date.now()}`;
    await sut.pubSub.subscribe({ channel }, (message) => received.push(message));
    await sut.pubSub.publish(channel, 'hello');
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 5_000;
      const poll = () =>
        received.length > 0
          ? resolve()
          : Date.now() > deadline
            ? reject(new Error('no message'))
            : setTimeout(poll, 5);
      poll();
    });
    expect(received).toEqual(['hello']);
  } finally {
    await app.close();
  }
}

describe(CoordinationModule.name, () => {
  it('provides the memory ports by token', async () => {
    await exercise({ mode: 'memory' });
  });

  const target = chooseRedisTarget();
  if (target.kind === 'none') {
    warnNotRun('CoordinationModule redis mode', target.reason);
    it.skip('NOT RUN: provides the Redis ports by token (needs REDIS_URL)', () => undefined);
  } else {
    let server: RunningRedis | null = null;
    beforeAll(async () => {
      server = await startRedis(target);
    }, 180_000);
    const keyPrefix = `herald-test:module-${process.pid}-${Date.now().toString(36)}:`;
    afterAll(async () => {
      if (!server) return;
      // The fencing counter has no TTL by design; everything else this test wrote expires.
      const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
      try {
        await admin.del(`${keyPrefix}lease-fence`);
      } finally {
        admin.disconnect();
        await server.stop();
      }
    });

    it('provides the Redis ports by token and closes its connections with the app', async () => {
      if (!server) throw new Error('no Redis server');
      await exercise({ mode: 'redis', url: server.url, keyPrefix });
    });

    it('stops start-up with COORDINATION.UNAVAILABLE when Redis cannot be reached', async () => {
      @Module({
        imports: [
          CoordinationModule.forRoot({ mode: 'redis', url: 'redis://127.0.0.1:1', maxRetriesPerRequest: 0 }),
        ],
      })
      class BrokenApp {}
      await expect(
        NestFactory.createApplicationContext(BrokenApp, { logger: false, abortOnError: false }),
      ).rejects.toMatchObject({
        code: 'COORDINATION.UNAVAILABLE',
      });
    });
  }
});
