import { FixedClock } from '@herald/shared-kernel';
import { createMemoryCache } from '../cache/memory-cache';
import { MemoryLeaseManager } from '../locks/memory-lease-manager';
import { MemoryRateLimiter } from '../rate-limit/memory-rate-limiter';

const start = new Date('2025-03-01T09:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

describe(MemoryLeaseManager.name, () => {
  it('expires a lease exactly at its TTL by the injected clock and hands it over', async () => {
    const clock = new FixedClock(start);
    const sut = new MemoryLeaseManager(clock);
    const first = await sut.acquire('post-1', 'worker-a', 1_000);
    expect(first?.expiresAt).toEqual(at(1_000));
    clock.advance(999);
    expect(await sut.acquire('post-1', 'worker-b', 1_000)).toBeNull();
    clock.advance(1);
    expect(await sut.holder('post-1')).toBeNull();
    const second = await sut.acquire('post-1', 'worker-b', 1_000);
    expect(second?.token).toBe((first?.token ?? 0) + 1);
  });

  it('moves the expiry on renewal, from the renewal time', async () => {
    const clock = new FixedClock(start);
    const sut = new MemoryLeaseManager(clock);
    const lease = await sut.acquire('post-1', 'worker-a', 1_000);
    clock.advance(900);
    const renewed = lease && (await sut.renew(lease, 1_000));
    expect(renewed?.expiresAt).toEqual(at(1_900));
    clock.advance(1_000);
    expect(await sut.holder('post-1')).toBeNull();
  });
});

describe(MemoryRateLimiter.name, () => {
  it('reports exact retry and reset times for a sliding window', async () => {
    const clock = new FixedClock(start);
    const sut = new MemoryRateLimiter(clock);
    const rule = { limit: 3, windowMs: 1_000 };
    await sut.consume('k', rule);
    clock.advance(200);
    await sut.consume('k', rule);
    clock.advance(200);
    expect(await sut.consume('k', rule)).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterMs: 0,
      resetAt: at(1_400),
    });
    clock.advance(100);
    expect(await sut.consume('k', rule)).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterMs: 500,
      resetAt: at(1_400),
    });
    clock.advance(499);
    expect((await sut.consume('k', rule)).allowed).toBe(false);
    clock.advance(1);
    expect(await sut.consume('k', rule)).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterMs: 0,
      resetAt: at(2_000),
    });
  });

  it('waits for enough cost to leave the window before admitting an expensive call', async () => {
    const clock = new FixedClock(start);
    const sut = new MemoryRateLimiter(clock);
    const rule = (cost: number) => ({ limit: 5, windowMs: 1_000, cost });
    await sut.consume('k', rule(1));
    clock.advance(100);
    await sut.consume('k', rule(1));
    clock.advance(100);
    await sut.consume('k', rule(3));
    expect(await sut.consume('k', rule(2))).toMatchObject({ allowed: false, retryAfterMs: 900 });
    expect(await sut.consume('k', rule(4))).toMatchObject({ allowed: false, retryAfterMs: 1_000 });
  });

  it('does not let a clock stepping back release units early', async () => {
    const clock = new FixedClock(start);
    const sut = new MemoryRateLimiter(clock);
    const rule = { limit: 1, windowMs: 1_000 };
    await sut.consume('k', rule);
    clock.set(at(-5_000));
    expect((await sut.consume('k', rule)).allowed).toBe(false);
  });

  it('forgets idle keys', async () => {
    const clock = new FixedClock(start);
    const sut = new MemoryRateLimiter(clock);
    for (let i = 0; i < 1_500; i++) await sut.consume(`ip-${i}`, { limit: 1, windowMs: 1_000 });
    clock.advance(1_000);
    for (let i = 0; i < 1_024; i++) await sut.consume('busy', { limit: 10_000, windowMs: 1_000 });
    expect((sut as unknown as { logs: Map<string, unknown> }).logs.size).toBe(1);
  });
});

describe('memory cache', () => {
  it('expires entries by the injected clock', async () => {
    const clock = new FixedClock(start);
    const sut = createMemoryCache({ clock });
    await sut.set('k', 'v', 1_000);
    clock.advance(999);
    expect(await sut.get('k')).toBe('v');
    clock.advance(1);
    expect(await sut.get('k')).toBeUndefined();
    expect(await sut.delete('k')).toBe(false);
  });

  it('evicts the least recently used entries beyond its size bound', async () => {
    const sut = createMemoryCache({ maxEntries: 3 });
    await sut.set('a', 1, 60_000);
    await sut.set('b', 2, 60_000);
    await sut.set('c', 3, 60_000);
    await sut.get('a');
    await sut.set('d', 4, 60_000);
    expect([await sut.get('a'), await sut.get('b'), await sut.get('c'), await sut.get('d')]).toEqual([
      1,
      undefined,
      3,
      4,
    ]);
  });

  it('reloads after expiry with getOrLoad', async () => {
    const clock = new FixedClock(start);
    const sut = createMemoryCache({ clock });
    let calls = 0;
    const loader = async () => ++calls;
    expect(await sut.getOrLoad('n', 1_000, loader)).toBe(1);
    expect(await sut.getOrLoad('n', 1_000, loader)).toBe(1);
    clock.advance(1_000);
    expect(await sut.getOrLoad('n', 1_000, loader)).toBe(2);
  });
});
