import { isHeraldError } from '@herald/shared-kernel';
import { withLease, type LeaseManager } from '@herald/coordination';

/** Something only one replica may run at a time: a projection's runner, the relay. */
export interface ExclusiveService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LeasedServiceOptions {
  readonly leases: LeaseManager;
  readonly resource: string;
  /** Names this replica; the lease store shows it as the holder. */
  readonly owner: string;
  readonly ttlMs: number;
  readonly retryMs: number;
  readonly log: { log(message: string): void; warn(message: string): void; error(message: string): void };
}

/**
 * Runs a fresh service for as long as this replica holds the lease on `resource`, and only
 * then. Replicas that find the lease taken try again every `retryMs`, so when the holder stops
 * (its lease released) or dies (its lease expires) another one takes over. A lost lease stops
 * the service at once; what it wrote meanwhile must be safe to write twice, since a paused holder
 * notices the loss one renewal late at worst (projections are idempotent by event position, the
 * relay's consumers by event id).
 */
export class LeasedService<S extends ExclusiveService> {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private current: S | null = null;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly options: LeasedServiceOptions,
    private readonly create: () => S,
  ) {}

  /** The service while this replica holds the lease; null otherwise. */
  get service(): S | null {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops the service and releases the lease, so another replica can take over without waiting for it to expire. */
  async stop(): Promise<void> {
    this.running = false;
    for (const wake of [...this.wakers]) wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { leases, resource, owner, ttlMs, retryMs, log } = this.options;
    while (this.running) {
      try {
        const outcome = await withLease(leases, resource, owner, { ttlMs }, async (_lease, signal) => {
          const service = this.create();
          await service.start();
          this.current = service;
          log.log(`${resource}: lease taken, running here`);
          try {
            await this.waitFor(signal, null);
          } finally {
            this.current = null;
            await service.stop();
          }
        });
        if (!outcome.acquired) await this.waitFor(null, retryMs);
      } catch (error) {
        if (isHeraldError(error, 'COORDINATION.LEASE_LOST'))
          log.warn(`${resource}: lease lost, stopped here`);
        else log.error(`${resource}: ${error instanceof Error ? error.message : String(error)}`);
        await this.waitFor(null, retryMs);
      }
    }
  }

  /** Until the lease is lost (signal), the delay has passed, or `stop` was called. */
  private waitFor(signal: AbortSignal | null, delayMs: number | null): Promise<void> {
    if (!this.running || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = (): void => {
        if (timer !== null) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.wakers.delete(done);
        resolve();
      };
      if (delayMs !== null) timer = setTimeout(done, delayMs);
      signal?.addEventListener('abort', done);
      this.wakers.add(done);
    });
  }
}
