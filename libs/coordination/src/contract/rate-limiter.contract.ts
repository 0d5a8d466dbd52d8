import { HeraldError } from '@herald/shared-kernel';
import { enforceRateLimit } from '../rate-limit/rate-limit.errors';
import type { RateLimitDecision, RateLimiter } from '../rate-limit/rate-limiter.port';
import { eventually, unique, type CoordinationHarness } from './contract-harness';

export function describeRateLimiterContract(label: string, harness: CoordinationHarness): void {
  describe(`RateLimiter contract: ${label}`, () => {
    const limiter = async (): Promise<RateLimiter> => (await harness.replica()).rateLimiter;

    it('admits up to the limit, then denies with the time until a unit frees up', async () => {
      const sut = await limiter();
      const key = unique('graphql:user');
      const rule = { limit: 3, windowMs: 60_000 };
      const start = Date.now();
      const admitted = [
        await sut.consume(key, rule),
        await sut.consume(key, rule),
        await sut.consume(key, rule),
      ];
      expect(admitted.map((d) => [d.allowed, d.remaining, d.retryAfterMs])).toEqual([
        [true, 2, 0],
        [true, 1, 0],
        [true, 0, 0],
      ]);
      const denied = await sut.consume(key, rule);
      expect(denied.allowed).toBe(false);
      expect(denied.remaining).toBe(0);
      expect(denied.retryAfterMs).toBeGreaterThan(60_000 - (Date.now() - start) - 50);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(denied.resetAt.getTime()).toBeGreaterThanOrEqual(start + 60_000 - 50);
      expect(denied.resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000 + 50);
    });

    it('counts costs, and a denied call counts nothing', async () => {
      const sut = await limiter();
      const key = unique('platform:x');
      const rule = (cost: number) => ({ limit: 10, windowMs: 60_000, cost });
      expect(await sut.consume(key, rule(4))).toMatchObject({ allowed: true, remaining: 6 });
      expect(await sut.consume(key, rule(4))).toMatchObject({ allowed: true, remaining: 2 });
      const denied = await sut.consume(key, rule(4));
      expect(denied).toMatchObject({ allowed: false, remaining: 2 });
      expect(denied.retryAfterMs).toBeGreaterThan(0);
      expect(await sut.consume(key, rule(4))).toMatchObject({ allowed: false, remaining: 2 });
      expect(await sut.consume(key, rule(2))).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('slides: units come back one window after their admission, not before', async () => {
      const sut = await limiter();
      const key = unique('graphql:ip');
      const rule = { limit: 2, windowMs: 300 };
      const firstAt = Date.now();
      await sut.consume(key, rule);
      await sut.consume(key, rule);
      const denied = await sut.consume(key, rule);
      expect(denied.allowed).toBe(false);
      expect(denied.retryAfterMs).toBeGreaterThan(0);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(300);
      const admitted = await eventually(async () => {
        const decision = await sut.consume(key, rule);
        return decision.allowed ? decision : undefined;
      });
      // Some milliseconds of slack: Redis judges by its own TIME, truncated to whole milliseconds.
      expect(Date.now() - firstAt).toBeGreaterThanOrEqual(300 - 5);
      expect(admitted.remaining).toBeLessThanOrEqual(1);
    });

    it('never over-admits concurrent consumers on several replicas', async () => {
      const replicas = await Promise.all(Array.from({ length: 4 }, () => limiter()));
      const key = unique('graphql:user');
      const decisions = await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          replicas[i % replicas.length].consume(key, { limit: 25, windowMs: 60_000 }),
        ),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
      expect(new Set(decisions.filter((d) => d.allowed).map((d) => d.remaining)).size).toBe(25);
    });

    it('never over-admits concurrent consumers of different costs', async () => {
      const replicas = await Promise.all(Array.from({ length: 4 }, () => limiter()));
      const key = unique('platform:linkedin');
      const costs = Array.from({ length: 90 }, (_, i) => 1 + (i % 3));
      const decisions = await Promise.all(
        costs.map((cost, i) =>
          replicas[i % replicas.length].consume(key, { limit: 50, windowMs: 60_000, cost }),
        ),
      );
      const admittedCost = decisions.reduce(
        (sum, d: RateLimitDecision, i) => sum + (d.allowed ? costs[i] : 0),
        0,
      );
      expect(admittedCost).toBeLessThanOrEqual(50);
      expect(admittedCost).toBeGreaterThanOrEqual(48);
      expect(Math.min(...decisions.map((d) => d.remaining))).toBe(50 - admittedCost);
    });

    it('keeps keys independent', async () => {
      const sut = await limiter();
      const [a, b] = [unique('graphql:user'), unique('graphql:user')];
      expect(await sut.consume(a, { limit: 1, windowMs: 60_000 })).toMatchObject({ allowed: true });
      expect(await sut.consume(a, { limit: 1, windowMs: 60_000 })).toMatchObject({ allowed: false });
      expect(await sut.consume(b, { limit: 1, windowMs: 60_000 })).toMatchObject({ allowed: true });
    });

    it('refuses rules that make no sense with COORDINATION.INVALID_ARGUMENT', async () => {
      const sut = await limiter();
      for (const rule of [
        { limit: 0, windowMs: 1_000 },
        { limit: 2, windowMs: 0 },
        { limit: 2, windowMs: 1_000, cost: 3 },
        { limit: 2, windowMs: 1_000, cost: 0 },
        { limit: 1.5, windowMs: 1_000 },
      ]) {
        await expect(sut.consume(unique('k'), rule)).rejects.toMatchObject({
          code: 'COORDINATION.INVALID_ARGUMENT',
        });
      }
    });

    it('lets callers throw RATE_LIMIT.EXCEEDED with the wait, and no key, in the details', async () => {
      const sut = await limiter();
      const key = unique('graphql:ip:203.0.113.9');
      const rule = { limit: 1, windowMs: 30_000 };
      await enforceRateLimit(sut, key, rule);
      const error = await enforceRateLimit(sut, key, rule).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(HeraldError);
      const herald = error as HeraldError;
      expect(herald.code).toBe('RATE_LIMIT.EXCEEDED');
      expect(herald.httpStatus).toBe(429);
      expect(herald.details).toMatchObject({ limit: 1, windowMs: 30_000 });
      expect(herald.details.retryAfterMs).toEqual(expect.any(Number));
      expect(herald.details.retryAfterSeconds).toBe(Math.ceil(Number(herald.details.retryAfterMs) / 1000));
      expect(JSON.stringify(herald.details)).not.toContain('203.0.113.9');
    });
  });
}
