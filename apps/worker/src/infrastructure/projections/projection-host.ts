import type { EventStore } from '@herald/event-store';
import type { LeaseManager } from '@herald/coordination';
import { ProjectionRunner, type ProjectionDefinition, type ProjectionLog } from '@herald/projections-runtime';
import type { ReadStore } from '@herald/read-store';
import { HeraldError, type Clock } from '@herald/shared-kernel';
import { LeasedService } from '../leases/leased-service';

export interface ProjectionHostOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly definitions: readonly ProjectionDefinition[];
  readonly clock: Clock;
  readonly leases: LeaseManager;
  readonly owner: string;
  readonly leasePrefix: string;
  readonly leaseTtlMs: number;
  readonly leaseRetryMs: number;
  readonly log: ProjectionLog & { log(message: string): void };
}

/**
 * Runs every registered projection, each in its own runner behind its own lease
 * (`projection:<name>`): replicas split the projections between them and never run one twice.
 * A runner's versions (live and the one being rebuilt) stay together under one lease, since the
 * swap from one to the other is decided by the runner that built the new one.
 */
export class ProjectionHost {
  private readonly leased = new Map<string, LeasedService<ProjectionRunner>>();

  constructor(private readonly options: ProjectionHostOptions) {
    const byName = new Map<string, ProjectionDefinition[]>();
    for (const definition of options.definitions) {
      byName.set(definition.name, [...(byName.get(definition.name) ?? []), definition]);
    }
    for (const [name, versions] of byName) {
      this.leased.set(
        name,
        new LeasedService(
          {
            leases: options.leases,
            resource: `${options.leasePrefix}projection:${name}`,
            owner: options.owner,
            ttlMs: options.leaseTtlMs,
            retryMs: options.leaseRetryMs,
            log: options.log,
          },
          () =>
            new ProjectionRunner({
              eventStore: options.eventStore,
              readStore: options.readStore,
              definitions: versions,
              clock: options.clock,
              log: options.log,
            }),
        ),
      );
    }
  }

  get names(): string[] {
    return [...this.leased.keys()];
  }

  /** The projections this replica runs now. */
  owned(): string[] {
    return this.names.filter((name) => this.leased.get(name)?.service !== null);
  }

  start(): void {
    for (const service of this.leased.values()) service.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.leased.values()].map((service) => service.stop()));
  }

  /**
   * Resolves once every named projection (all without a name) runs here and has applied the log
   * up to its head. Rejects with PROJECTIONS.FAILED when one stopped at a poison event, and with
   * PROJECTIONS.CATCH_UP_TIMEOUT when one is not caught up (or runs on another replica) in time.
   */
  async whenCaughtUp(name?: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const names = name === undefined ? this.names : [name];
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (const each of names) {
      const leased = this.leased.get(each);
      if (leased === undefined) {
        throw new HeraldError('PROJECTIONS.NOT_FOUND', `Projection ${each} is not registered`, {
          projection: each,
        });
      }
      for (;;) {
        const runner = leased.service;
        const remaining = deadline - Date.now();
        if (runner !== null) {
          await runner.whenCaughtUp(each, { timeoutMs: Math.max(1, remaining) });
          break;
        }
        if (remaining <= 0) {
          throw new HeraldError(
            'PROJECTIONS.CATCH_UP_TIMEOUT',
            `Projection ${each} does not run in this process`,
            {
              projections: [each],
            },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(20, remaining)));
      }
    }
  }
}
