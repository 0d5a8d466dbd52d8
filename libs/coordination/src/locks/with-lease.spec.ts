import { HeraldError } from '@herald/shared-kernel';
import { eventually } from '../contract/contract-harness';
import type { Lease, LeaseManager } from './lease-manager.port';
import { MemoryLeaseManager } from './memory-lease-manager';
import { withLease } from './with-lease';

describe(withLease.name, () => {
  // A TTL well above event-loop stalls of a loaded CI machine: this case is about renewing, not losing.
  it('runs the work under the lease, renews it meanwhile and releases it after', async () => {
    const leases = new MemoryLeaseManager();
    let renewals = 0;
    const counting: LeaseManager = {
      acquire: (...args) => leases.acquire(...args),
      renew: async (lease, ttl) => {
        renewals++;
        return leases.renew(lease, ttl);
      },
      release: (lease) => leases.release(lease),
      holder: (resource) => leases.holder(resource),
    };
    const outcome = await withLease(counting, 'post-1', 'worker-a', { ttlMs: 600 }, async (lease, signal) => {
      expect(await leases.holder('post-1')).toMatchObject({ owner: 'worker-a', token: lease.token });
      await eventually(() => (renewals >= 2 ? true : undefined));
      expect(signal.aborted).toBe(false);
      return 'published';
    });
    expect(outcome).toMatchObject({ acquired: true, result: 'published' });
    expect(await leases.holder('post-1')).toBeNull();
  });

  it('does not run the work when another owner holds the resource', async () => {
    const leases = new MemoryLeaseManager();
    await leases.acquire('post-1', 'worker-b', 10_000);
    let ran = false;
    const outcome = await withLease(leases, 'post-1', 'worker-a', { ttlMs: 1_000 }, async () => {
      ran = true;
    });
    expect(outcome).toEqual({ acquired: false });
    expect(ran).toBe(false);
  });

  it('aborts the work and rejects with COORDINATION.LEASE_LOST when the lease passes to another owner', async () => {
    const leases = new MemoryLeaseManager();
    let stolen: Lease | null = null;
    const outcome = withLease(
      leases,
      'post-1',
      'worker-a',
      { ttlMs: 60, renewEveryMs: 10 },
      async (lease, signal) => {
        // Another replica takes over, as after a long pause of this one.
        await leases.release(lease);
        stolen = await leases.acquire('post-1', 'worker-b', 10_000);
        await eventually(() => (signal.aborted ? true : undefined));
        return 'finished anyway';
      },
    );
    await expect(outcome).rejects.toBeInstanceOf(HeraldError);
    await expect(outcome).rejects.toMatchObject({
      code: 'COORDINATION.LEASE_LOST',
      details: { resource: 'post-1' },
    });
    expect(await leases.holder('post-1')).toMatchObject({
      owner: 'worker-b',
      token: (stolen as Lease | null)?.token,
    });
  });

  it('gives up the lease when the store stays unreachable past the expiry', async () => {
    const leases = new MemoryLeaseManager();
    const unreachable: LeaseManager = {
      acquire: (...args) => leases.acquire(...args),
      renew: async () => Promise.reject(new Error('connection refused')),
      release: (lease) => leases.release(lease),
      holder: (resource) => leases.holder(resource),
    };
    const outcome = withLease(
      unreachable,
      'post-1',
      'worker-a',
      { ttlMs: 60, renewEveryMs: 10 },
      async (_lease, signal) => {
        await eventually(() => (signal.aborted ? true : undefined));
        signal.throwIfAborted();
      },
    );
    await expect(outcome).rejects.toMatchObject({ code: 'COORDINATION.LEASE_LOST' });
  });
});
