import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import { assertDuration } from '../shared/arguments';
import type { Lease, LeaseManager } from './lease-manager.port';

export interface WithLeaseOptions {
  ttlMs: number;
  /** Default: a third of the TTL, so two renewals can fail before the lease runs out. */
  renewEveryMs?: number;
  clock?: Clock;
}

export type WithLeaseResult<T> = { acquired: true; result: T; token: number } | { acquired: false };

/**
 * Runs `work` while holding the resource, renewing the lease in the background. When a renewal
 * finds the lease gone (or cannot reach the store before the lease's local expiry), `signal`
 * aborts with COORDINATION.LEASE_LOST: the work must stop at its next step, and the call rejects
 * with that error even if the work finishes, so the caller never takes the outcome as done by the
 * owner. Writes made under the lease should still carry `lease.token` for fencing: an abort is
 * noticed one renewal period late at worst. Returns `{ acquired: false }` when someone else holds
 * the resource.
 */
export async function withLease<T>(
  leases: LeaseManager,
  resource: string,
  owner: string,
  options: WithLeaseOptions,
  work: (lease: Lease, signal: AbortSignal) => Promise<T>,
): Promise<WithLeaseResult<T>> {
  const { ttlMs } = options;
  const renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(ttlMs / 3));
  assertDuration('renewEveryMs', renewEveryMs);
  const clock = options.clock ?? systemClock;
  const acquired = await leases.acquire(resource, owner, ttlMs);
  if (!acquired) return { acquired: false };

  let lease = acquired;
  const controller = new AbortController();
  const lost = (reason: string): void => {
    if (!controller.signal.aborted) {
      controller.abort(
        new HeraldError('COORDINATION.LEASE_LOST', undefined, { resource, token: lease.token, reason }),
      );
    }
  };
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = (async () => {
      try {
        const renewed = await leases.renew(lease, ttlMs);
        if (renewed) lease = renewed;
        else lost('the lease expired or passed to another owner');
      } catch {
        if (clock.now().getTime() >= lease.expiresAt.getTime())
          lost('the lease store could not be reached before the lease expired');
      }
    })();
  }, renewEveryMs);

  try {
    const result = await work(lease, controller.signal);
    if (controller.signal.aborted) throw controller.signal.reason;
    return { acquired: true, result, token: lease.token };
  } finally {
    clearInterval(timer);
    await renewing;
    if (!controller.signal.aborted) {
      // A failed release is harmless: the TTL ends the lease anyway, only later.
      await leases.release(lease).catch(() => false);
    }
  }
}
