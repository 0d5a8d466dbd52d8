import { systemClock, type Clock } from '@herald/shared-kernel';
import { assertDuration, assertName } from '../shared/arguments';
import type { Lease, LeaseHolder, LeaseManager } from './lease-manager.port';

interface HeldLease {
  owner: string;
  token: number;
  expiresAtMs: number;
}

/**
 * Embedded mode: one process, so a map is the whole truth. Tokens come from one counter for all
 * resources, as in Redis. Expired entries are dropped when their resource is next touched.
 */
export class MemoryLeaseManager implements LeaseManager {
  private readonly leases = new Map<string, HeldLease>();
  private lastToken = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async acquire(resource: string, owner: string, ttlMs: number): Promise<Lease | null> {
    assertName('resource', resource);
    assertName('owner', owner);
    assertDuration('ttlMs', ttlMs);
    const now = this.clock.now().getTime();
    const current = this.live(resource, now);
    if (current && current.owner !== owner) return null;
    const held: HeldLease = { owner, token: current?.token ?? ++this.lastToken, expiresAtMs: now + ttlMs };
    this.leases.set(resource, held);
    return toLease(resource, held);
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    assertDuration('ttlMs', ttlMs);
    const now = this.clock.now().getTime();
    const current = this.live(lease.resource, now);
    if (!current || current.owner !== lease.owner || current.token !== lease.token) return null;
    current.expiresAtMs = now + ttlMs;
    return toLease(lease.resource, current);
  }

  async release(lease: Lease): Promise<boolean> {
    const current = this.live(lease.resource, this.clock.now().getTime());
    if (!current || current.owner !== lease.owner || current.token !== lease.token) return false;
    this.leases.delete(lease.resource);
    return true;
  }

  async holder(resource: string): Promise<LeaseHolder | null> {
    assertName('resource', resource);
    const current = this.live(resource, this.clock.now().getTime());
    return current
      ? { owner: current.owner, token: current.token, expiresAt: new Date(current.expiresAtMs) }
      : null;
  }

  private live(resource: string, now: number): HeldLease | undefined {
    const current = this.leases.get(resource);
    if (current && current.expiresAtMs <= now) {
      this.leases.delete(resource);
      return undefined;
    }
    return current;
  }
}

function toLease(resource: string, held: HeldLease): Lease {
  return { resource, owner: held.owner, token: held.token, expiresAt: new Date(held.expiresAtMs) };
}
