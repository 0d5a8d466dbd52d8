/**
 * Time-bounded exclusive ownership of a named resource: "exactly one worker publishes this due
 * post", "one replica runs this projection", "one consumer owns this partition".
 *
 * Safety argument. A lease alone cannot guarantee mutual exclusion: a holder can pause (GC,
 * a stopped VM, a slow disk) past its TTL, another replica acquires the expired resource, and the
 * first wakes up still believing it is the owner. Clocks make it worse: the holder measures the
 * TTL with its own clock, the lease store with another. So every lease carries a fencing
 * `token` that strictly increases each time the resource changes hands (never reused, also across
 * resources), and whatever the owner writes to (the event store, via the exact expected revision;
 * a read model's checkpoint; a platform attempt record) must reject a write carrying a token
 * lower than one it has already seen. The lease then only decides who *should* work, cheaply and
 * usually right; the fencing check and the event store's optimistic concurrency decide who *may*
 * commit, always right. Timing only affects liveness, never safety.
 *
 * `expiresAt` is the holder's conservative local estimate: the time *before* the request was sent
 * plus the TTL, so on a clock running at the usual rate it ends no later than the store's copy.
 * Stop starting new work well before it (renew at a third of the TTL).
 */
export interface Lease {
  readonly resource: string;
  readonly owner: string;
  /** Fencing token: strictly greater than the token of every earlier lease on this resource. */
  readonly token: number;
  readonly expiresAt: Date;
}

export interface LeaseHolder {
  readonly owner: string;
  readonly token: number;
  readonly expiresAt: Date;
}

export interface LeaseManager {
  /**
   * Takes the resource for `ttlMs` if nobody holds it; null if somebody else does. If `owner`
   * already holds it, the same lease (same token) is returned with its TTL reset: a retried
   * request after a dropped connection must not lock its own sender out. An owner id therefore
   * names one holder; two tasks in one process need distinct owner ids.
   */
  acquire(resource: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Extends the lease if it is still this exact lease (same owner and token); null when lost. */
  renew(lease: Lease, ttlMs: number): Promise<Lease | null>;
  /** Gives the resource up if still held by this exact lease; false when it was already lost. */
  release(lease: Lease): Promise<boolean>;
  holder(resource: string): Promise<LeaseHolder | null>;
}
