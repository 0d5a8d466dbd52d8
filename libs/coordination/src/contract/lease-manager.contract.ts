import type { Lease, LeaseManager } from '../locks/lease-manager.port';
import { eventually, unique, type CoordinationHarness } from './contract-harness';

export function describeLeaseManagerContract(label: string, harness: CoordinationHarness): void {
  describe(`LeaseManager contract: ${label}`, () => {
    const leases = async (): Promise<LeaseManager> => (await harness.replica()).leases;

    it('grants a free resource with a fencing token and refuses a second owner', async () => {
      const sut = await leases();
      const resource = unique('post');
      const before = Date.now();
      const lease = await sut.acquire(resource, 'worker-a', 10_000);
      expect(lease).toMatchObject({ resource, owner: 'worker-a' });
      expect(lease?.token).toBeGreaterThan(0);
      expect(lease?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 10_000);
      expect(lease?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 10_000);
      expect(await sut.acquire(resource, 'worker-b', 10_000)).toBeNull();
      expect(await sut.holder(resource)).toMatchObject({ owner: 'worker-a', token: lease?.token });
    });

    it('gives the current owner its own lease again, with the same token (a retried acquire)', async () => {
      const sut = await leases();
      const resource = unique('post');
      const first = await sut.acquire(resource, 'worker-a', 10_000);
      const again = await sut.acquire(resource, 'worker-a', 10_000);
      expect(again?.token).toBe(first?.token);
    });

    it('hands a released resource to the next owner with a greater token', async () => {
      const sut = await leases();
      const resource = unique('post');
      const first = required(await sut.acquire(resource, 'worker-a', 10_000));
      expect(await sut.release(first)).toBe(true);
      expect(await sut.holder(resource)).toBeNull();
      const second = required(await sut.acquire(resource, 'worker-b', 10_000));
      expect(second.token).toBeGreaterThan(first.token);
      expect(await sut.release(first)).toBe(false);
      expect(await sut.holder(resource)).toMatchObject({ owner: 'worker-b', token: second.token });
    });

    it('ignores a release or renewal by anyone but the exact lease', async () => {
      const sut = await leases();
      const resource = unique('post');
      const lease = required(await sut.acquire(resource, 'worker-a', 10_000));
      const otherOwner: Lease = { ...lease, owner: 'worker-b' };
      const staleToken: Lease = { ...lease, token: lease.token - 1 };
      expect(await sut.release(otherOwner)).toBe(false);
      expect(await sut.release(staleToken)).toBe(false);
      expect(await sut.renew(otherOwner, 60_000)).toBeNull();
      expect(await sut.renew(staleToken, 60_000)).toBeNull();
      expect(await sut.holder(resource)).toMatchObject({ owner: 'worker-a', token: lease.token });
    });

    it('extends a renewed lease beyond its first TTL', async () => {
      const sut = await leases();
      const resource = unique('post');
      const lease = required(await sut.acquire(resource, 'worker-a', 1_000));
      const renewed = required(await sut.renew(lease, 60_000));
      expect(renewed.token).toBe(lease.token);
      expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
      const holder = await sut.holder(resource);
      expect(holder?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    });

    it('hands an expired lease over; the old holder can neither renew nor release it', async () => {
      const [a, b] = [await leases(), await leases()];
      const resource = unique('post');
      const old = required(await a.acquire(resource, 'worker-a', 150));
      expect(await b.acquire(resource, 'worker-b', 10_000)).toBeNull();
      const next = await eventually(
        async () => (await b.acquire(resource, 'worker-b', 10_000)) ?? undefined,
        5_000,
        'the lease to expire',
      );
      expect(Date.now()).toBeGreaterThanOrEqual(old.expiresAt.getTime() - 20);
      expect(next.token).toBeGreaterThan(old.token);
      expect(await a.renew(old, 10_000)).toBeNull();
      expect(await a.release(old)).toBe(false);
      expect(await b.holder(resource)).toMatchObject({ owner: 'worker-b', token: next.token });
    });

    it('grants exactly one of many simultaneous contenders', async () => {
      const replicas = await Promise.all(Array.from({ length: 4 }, () => leases()));
      const resource = unique('post');
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          replicas[i % replicas.length].acquire(resource, `worker-${i}`, 10_000),
        ),
      );
      const winners = results.filter((lease): lease is Lease => lease !== null);
      expect(winners).toHaveLength(1);
      expect(await replicas[0].holder(resource)).toMatchObject({
        owner: winners[0].owner,
        token: winners[0].token,
      });
    });

    it('keeps one holder at a time while contenders take turns, with strictly increasing tokens', async () => {
      const replicas = await Promise.all(Array.from({ length: 4 }, () => leases()));
      const resource = unique('projection');
      let inside = 0;
      let mostInside = 0;
      const tokens: number[] = [];
      const contender = async (index: number): Promise<void> => {
        const sut = replicas[index % replicas.length];
        const deadline = Date.now() + 20_000;
        for (;;) {
          const lease = await sut.acquire(resource, `worker-${index}`, 10_000);
          if (lease) {
            inside++;
            mostInside = Math.max(mostInside, inside);
            tokens.push(lease.token);
            // A round trip while holding, so other contenders get to run in between.
            expect(await sut.holder(resource)).toMatchObject({
              owner: `worker-${index}`,
              token: lease.token,
            });
            inside--;
            expect(await sut.release(lease)).toBe(true);
            return;
          }
          if (Date.now() > deadline) throw new Error(`worker-${index} never got the lease`);
          await new Promise((resolve) => setTimeout(resolve, 1 + (index % 3)));
        }
      };
      await Promise.all(Array.from({ length: 12 }, (_, i) => contender(i)));
      expect(mostInside).toBe(1);
      expect(tokens).toHaveLength(12);
      tokens.slice(1).forEach((token, i) => expect(token).toBeGreaterThan(tokens[i]));
    });

    it('keeps resources independent', async () => {
      const sut = await leases();
      const [first, second] = [unique('post'), unique('post')];
      expect(await sut.acquire(first, 'worker-a', 10_000)).not.toBeNull();
      expect(await sut.acquire(second, 'worker-b', 10_000)).not.toBeNull();
      expect(await sut.holder(second)).toMatchObject({ owner: 'worker-b' });
    });

    it('refuses invalid names and durations with COORDINATION.INVALID_ARGUMENT', async () => {
      const sut = await leases();
      const invalid = [
        sut.acquire('', 'worker-a', 1_000),
        sut.acquire(unique('post'), '', 1_000),
        sut.acquire(unique('post'), 'worker-a', 0),
        sut.acquire(unique('post'), 'worker-a', 1.5),
        sut.acquire('x'.repeat(513), 'worker-a', 1_000),
      ];
      for (const call of invalid) {
        await expect(call).rejects.toMatchObject({ code: 'COORDINATION.INVALID_ARGUMENT' });
      }
    });
  });
}

function required(lease: Lease | null): Lease {
  if (!lease) throw new Error('expected a lease');
  return lease;
}
