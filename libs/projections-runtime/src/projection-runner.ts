import { Logger } from '@nestjs/common';
import {
  HeraldError,
  systemClock,
  uuidV7Generator,
  type Clock,
  type IdGenerator,
} from '@herald/shared-kernel';
import type { EventStore, Subscription } from '@herald/event-store';
import type { ReadStore } from '@herald/read-store';
import type { ProjectionDefinition } from './projection';
import { ProjectionCatalog } from './projection-catalog';
import { GenerationLifecycle } from './generation-lifecycle';
import type { FailureRecord } from './projection-state';
import { ProjectionWorker, type WorkerSettings } from './projection-worker';
import { DEFAULT_REBUILD_SETTINGS, type RebuildSettings } from './rebuild-pass';

export interface ProjectionLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly definitions: readonly ProjectionDefinition[];
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Events read and committed per batch (default 500). */
  readonly batchSize?: number;
  /** Longest wait of a caught-up projection when no wake-up comes (default 1000 ms). */
  readonly idleMs?: number;
  readonly backoff?: WorkerSettings['backoff'];
  /** Tuning of the in-memory fast path a version being built beside the live one catches up with. */
  readonly rebuild?: Partial<RebuildSettings>;
  /** How often to pick up operator actions taken by other processes: retry, skip, rebuild (default 2000 ms). */
  readonly reconcileIntervalMs?: number;
  /** How long a swapped-out version's collections stay, for queries that resolved its name just before (default 10 s). */
  readonly retireGraceMs?: number;
  readonly log?: ProjectionLog;
}

export type WorkerRole = 'live' | 'candidate';

export interface WorkerSnapshot {
  readonly name: string;
  readonly version: number;
  readonly role: WorkerRole;
  readonly state: ProjectionWorker['state'];
  readonly checkpoint: number;
  readonly eventsHandled: number;
  readonly lastFailure: FailureRecord | null;
}

interface WorkerEntry {
  worker: ProjectionWorker;
  role: WorkerRole;
}

/**
 * Runs every registered projection: one worker per live version, one more per version being
 * built beside it, a shared `$all` subscription that wakes them on appends, and a periodic
 * reconcile that applies what operators changed in the stored state. One runner owns a
 * projection at a time (the worker process holds the lease; see DESIGN.md).
 */
export class ProjectionRunner {
  readonly catalog: ProjectionCatalog;
  /** Each projection's registered definitions, oldest version first. */
  private readonly definitions = new Map<string, ProjectionDefinition[]>();
  private readonly workers = new Map<string, WorkerEntry>();
  private readonly lifecycle: GenerationLifecycle;
  private readonly settings: WorkerSettings;
  private readonly log: ProjectionLog;
  private readonly listeners = new Set<() => void>();
  private exclusive: Promise<unknown> = Promise.resolve();
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    for (const definition of options.definitions) {
      const versions = this.definitions.get(definition.name) ?? [];
      if (versions.some((each) => each.version === definition.version)) {
        throw new HeraldError(
          'PROJECTIONS.INVALID_DEFINITION',
          `Projection ${definition.name} v${definition.version} is registered twice`,
          {
            projection: definition.name,
            version: definition.version,
          },
        );
      }
      versions.push(definition);
      versions.sort((a, b) => a.version - b.version);
      this.definitions.set(definition.name, versions);
    }
    this.catalog = new ProjectionCatalog(options.readStore);
    this.log = options.log ?? new Logger('ProjectionRunner');
    this.settings = {
      batchSize: options.batchSize ?? 500,
      idleMs: options.idleMs ?? 1000,
      backoff: options.backoff ?? { initialMs: 100, maxMs: 30_000 },
      rebuild: { ...DEFAULT_REBUILD_SETTINGS, ...options.rebuild },
    };
    this.lifecycle = new GenerationLifecycle({
      readStore: options.readStore,
      catalog: this.catalog,
      clock: options.clock ?? systemClock,
      ids: options.ids ?? uuidV7Generator,
      retireGraceMs: options.retireGraceMs ?? 10_000,
      log: this.log,
      workers: {
        ensure: (definition, version, role, resumes) => this.ensureWorker(definition, version, role, resumes),
        stop: (name, version) => this.stopWorker(name, version),
      },
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.reconcile();
    // Wake-ups only; each worker reads its own events from its own checkpoint.
    this.subscription = this.options.eventStore.subscribeToAll({
      afterPosition: await this.options.eventStore.headPosition(),
      onEvent: async () => this.wakeAll(),
      onError: (error) =>
        this.log.warn(
          `Projection wake-up subscription stopped (workers fall back to polling): ${String(error)}`,
        ),
    });
    const interval = this.options.reconcileIntervalMs ?? 2000;
    this.timer = setInterval(() => void this.reconcile(), interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.subscription?.stop();
    this.subscription = null;
    await this.serialised(async () => {
      const entries = [...this.workers.values()];
      this.workers.clear();
      await Promise.all(entries.map((entry) => entry.worker.stop()));
    });
    this.notify();
  }

  /** Applies the stored state: creates, resumes, builds, swaps and retires versions as needed. */
  async reconcile(): Promise<void> {
    await this.serialised(async () => {
      if (!this.running) return;
      for (const [name, versions] of this.definitions) {
        try {
          await this.lifecycle.reconcile(versions);
        } catch (error) {
          this.log.error(
            `Projection ${name}: reconcile failed: ${String(error)}`,
            error instanceof Error ? error.stack : undefined,
          );
        }
      }
    });
    this.notify();
  }

  wakeAll(): void {
    for (const { worker } of this.workers.values()) worker.wake();
  }

  snapshot(): WorkerSnapshot[] {
    return [...this.workers.values()].map(({ worker, role }) => ({
      name: worker.name,
      version: worker.version,
      role,
      state: worker.state,
      checkpoint: worker.checkpoint,
      eventsHandled: worker.eventsHandled,
      lastFailure: worker.lastFailure,
    }));
  }

  /**
   * Resolves when the projection (every one, without a name) serves from a version caught up
   * with the head of the log and has no version still being built. Rejects with PROJECTIONS.FAILED
   * when one stopped at a poison event, PROJECTIONS.CATCH_UP_TIMEOUT after `timeoutMs`.
   */
  async whenCaughtUp(name?: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const names = name === undefined ? [...this.definitions.keys()] : [name];
    for (const each of names) {
      if (!this.definitions.has(each))
        throw new HeraldError('PROJECTIONS.NOT_FOUND', `Projection ${each} is not registered`, {
          projection: each,
        });
    }
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      const head = await this.options.eventStore.headPosition();
      if (names.every((each) => this.isCaughtUp(each, head))) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new HeraldError(
          'PROJECTIONS.CATCH_UP_TIMEOUT',
          `Projections ${names.join(', ')} did not catch up with position ${head}`,
          {
            projections: names,
            head,
            workers: this.snapshot().map(
              (w) => `${w.name}@v${w.version} ${w.role} ${w.state} at ${w.checkpoint}`,
            ),
          },
        );
      }
      await this.nextChange(Math.min(remaining, this.settings.idleMs));
    }
  }

  private isCaughtUp(name: string, head: number): boolean {
    const entries = [...this.workers.values()].filter((entry) => entry.worker.name === name);
    const failed = entries.find((entry) => entry.worker.state === 'failed');
    if (failed) {
      const failure = failed.worker.lastFailure;
      throw new HeraldError(
        'PROJECTIONS.FAILED',
        `Projection ${name} v${failed.worker.version} stopped at position ${failure?.position ?? '?'}: ${failure?.message ?? ''}`,
        {
          projection: name,
          version: failed.worker.version,
          position: failure?.position ?? null,
        },
      );
    }
    const live = entries.find((entry) => entry.role === 'live');
    const building = entries.some((entry) => entry.role === 'candidate');
    return (
      live !== undefined && live.worker.state === 'running' && !building && live.worker.checkpoint >= head
    );
  }

  private nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.listeners.add(done);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Reconciles and swaps never interleave: each reads the state, decides, then writes. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.exclusive.then(work, work);
    this.exclusive = next.catch(() => undefined);
    return next;
  }

  private async ensureWorker(
    definition: ProjectionDefinition,
    version: number,
    role: WorkerRole,
    resumes: number,
  ): Promise<void> {
    const key = `${definition.name}@v${version}`;
    const existing = this.workers.get(key);
    if (existing !== undefined) {
      existing.role = role;
      existing.worker.fastRebuild = role === 'candidate';
      // A failed worker restarts once an operator resumed it (retry or skip raised `resumes`).
      if (existing.worker.state !== 'failed' || resumes <= existing.worker.resumeCount) return;
      await existing.worker.stop();
    }
    const worker = new ProjectionWorker(
      definition,
      version,
      {
        eventStore: this.options.eventStore,
        readStore: this.options.readStore,
        catalog: this.catalog,
        clock: this.options.clock ?? systemClock,
      },
      this.settings,
      {
        caughtUp: async (caughtUp) => this.onCaughtUp(caughtUp),
        failed: (failedWorker, failure, error) => {
          this.log.error(
            `Projection ${failedWorker.name} v${failedWorker.version} stopped at position ${failure.position} (${failure.type} ${failure.eventId} in ${failure.streamId}): ${failure.message}. Fix the handler and retry, or skip the event.`,
            error instanceof Error ? error.stack : undefined,
          );
          this.notify();
        },
        retrying: (retryingWorker, error, retryInMs) =>
          this.log.warn(
            `Projection ${retryingWorker.name} v${retryingWorker.version}: ${String(error)}; retrying in ${retryInMs} ms`,
          ),
      },
    );
    worker.fastRebuild = role === 'candidate';
    this.workers.set(key, { worker, role });
    worker.start();
  }

  private async stopWorker(name: string, version: number): Promise<void> {
    const key = `${name}@v${version}`;
    const entry = this.workers.get(key);
    if (entry === undefined) return;
    this.workers.delete(key);
    await entry.worker.stop();
  }

  private async onCaughtUp(worker: ProjectionWorker): Promise<void> {
    const entry = this.workers.get(worker.id);
    if (entry?.role === 'candidate' && this.running) {
      // Not awaited: the swap stops other workers under the lock, and a reconcile holding the
      // lock may be stopping this one, which waits for this hook to return.
      void this.serialised(async () => {
        if (entry.role !== 'candidate' || !this.running || this.workers.get(worker.id) !== entry) return;
        if (await this.lifecycle.swap(worker.definition, worker.version, worker.checkpoint)) {
          entry.role = 'live';
          entry.worker.fastRebuild = false;
        }
      })
        .catch((error: unknown) =>
          this.log.error(`Projection ${worker.name}: swap to v${worker.version} failed: ${String(error)}`),
        )
        .finally(() => this.notify());
    }
    this.notify();
  }
}
