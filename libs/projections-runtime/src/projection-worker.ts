import { HeraldError, isHeraldError, type Clock } from '@herald/shared-kernel';
import type { AllFilter, EventStore, RecordedEvent } from '@herald/event-store';
import type { ReadStore } from '@herald/read-store';
import { committingReader, EventContext } from './event-context';
import type { ProjectionDefinition } from './projection';
import { PendingBatch } from './projection-batch';
import type { ProjectionCatalog } from './projection-catalog';
import { runRebuildPass, type RebuildSettings } from './rebuild-pass';
import {
  generationId,
  physicalCollection,
  stateWrite,
  type FailureRecord,
  type GenerationRecord,
} from './projection-state';

export interface WorkerSettings {
  readonly batchSize: number;
  /** How long a caught-up worker waits for a wake-up before looking at the log again. */
  readonly idleMs: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  /** The fast path of a version being built beside the live one (see rebuild-pass.ts). */
  readonly rebuild: RebuildSettings;
}

export interface WorkerHooks {
  /** After each pass that reached the head of the log (the checkpoint is stored). */
  caughtUp(worker: ProjectionWorker): Promise<void>;
  failed(worker: ProjectionWorker, failure: FailureRecord, error: unknown): void;
  /** The store or the log could not be reached; the worker retries with backoff. */
  retrying(worker: ProjectionWorker, error: unknown, retryInMs: number): void;
}

export interface WorkerDependencies {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly catalog: ProjectionCatalog;
  readonly clock: Clock;
}

/** The `type` of a failure in a projection's `setup` (its event fields are empty). */
export const SETUP_FAILURE_TYPE = '(setup)';

export type WorkerState = 'starting' | 'running' | 'failed' | 'stopped';
type StepOutcome = 'progress' | 'idle' | 'failed';

/**
 * Errors a retry cannot fix: the handler's writes are malformed or break a unique index. Anything
 * else (unreachable server, busy database) is retried with backoff from the stored checkpoint.
 */
const isPermanentStoreError = (error: unknown): boolean =>
  isHeraldError(error) && error.code.startsWith('READ_STORE.') && error.code !== 'READ_STORE.UNAVAILABLE';

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Applies one generation (one physical copy) of a projection, batch by batch, until stopped or failed. */
export class ProjectionWorker {
  private current = 0;
  private stopped = false;
  private woken = false;
  private sleeper: { readonly wakeable: boolean; readonly resolve: () => void } | null = null;
  /** After a batch failed for good, events up to here are applied one per commit to find the culprit. */
  private singleStepUntil = 0;
  /** After the rebuild fast path produced something the store refused, events up to here take the slow path. */
  private slowUntil = 0;
  /**
   * Set while no query reads this version (a candidate built beside the live one): far behind
   * the head, it then catches up through the in-memory rebuild pass instead of batch commits.
   */
  fastRebuild = false;
  private status: WorkerState = 'starting';
  private runPromise: Promise<void> | null = null;
  /** The generation's `resumes` count this worker started from: an operator resume raises it. */
  private startedAtResume = 0;
  eventsHandled = 0;
  lastFailure: FailureRecord | null = null;
  readonly filter: AllFilter | undefined;

  constructor(
    readonly definition: ProjectionDefinition,
    readonly version: number,
    private readonly deps: WorkerDependencies,
    private readonly settings: WorkerSettings,
    private readonly hooks: WorkerHooks,
  ) {
    const eventTypes = definition.eventTypes ?? [];
    const categories = definition.categories ?? [];
    this.filter = eventTypes.length === 0 && categories.length === 0 ? undefined : { eventTypes, categories };
  }

  get name(): string {
    return this.definition.name;
  }

  get id(): string {
    return generationId(this.name, this.version);
  }

  get checkpoint(): number {
    return this.current;
  }

  get state(): WorkerState {
    return this.status;
  }

  get resumeCount(): number {
    return this.startedAtResume;
  }

  start(): void {
    this.runPromise ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.status !== 'failed') this.status = 'stopped';
    this.releaseSleeper();
    await this.runPromise;
  }

  /** An append happened: stop idling. Remembered when it arrives mid-batch, so it is never lost. */
  wake(): void {
    this.woken = true;
    if (this.sleeper?.wakeable) this.releaseSleeper();
  }

  private async run(): Promise<void> {
    let delay = this.settings.backoff.initialMs;
    let initialised = false;
    while (!this.stopped) {
      try {
        if (!initialised) {
          if (!(await this.initialise())) return;
          initialised = true;
          this.status = 'running';
        }
        this.woken = false;
        const outcome = await this.step();
        delay = this.settings.backoff.initialMs;
        if (outcome === 'failed') {
          this.status = 'failed';
          return;
        }
        if (outcome === 'idle') {
          await this.hooks.caughtUp(this);
          await this.sleep(this.settings.idleMs, true);
        }
      } catch (error) {
        if (this.stopped) return;
        this.hooks.retrying(this, error, delay);
        await this.sleep(delay, false);
        delay = Math.min(delay * 2, this.settings.backoff.maxMs);
      }
    }
  }

  /** Loads the stored checkpoint and creates indexes; false when the generation must not run. */
  private async initialise(): Promise<boolean> {
    const record: GenerationRecord | null = await this.deps.catalog.generation(this.name, this.version);
    if (record === null || record.status === 'stopped' || record.status === 'failed') {
      this.status = record?.status === 'failed' ? 'failed' : 'stopped';
      this.lastFailure = record?.lastError ?? null;
      return false;
    }
    this.current = record.checkpoint;
    this.startedAtResume = record.resumes;
    try {
      await this.definition.setup?.({
        createIndex: async (logical, spec) => {
          await this.deps.readStore.collection(this.physical(logical)).createIndex(spec);
        },
      });
    } catch (error) {
      // A bad index or collection name will not fix itself: stop loudly, as for a poison event.
      if (!isHeraldError(error) || !(error.code.startsWith('PROJECTIONS.') || isPermanentStoreError(error)))
        throw error;
      await this.recordFailure(null, error);
      this.status = 'failed';
      return false;
    }
    return true;
  }

  private async step(): Promise<StepOutcome> {
    if (this.fastRebuild && this.current >= this.slowUntil && this.current >= this.singleStepUntil) {
      const head = await this.deps.eventStore.headPosition();
      if (head - this.current > this.settings.batchSize) return this.rebuildStep();
    }
    // Read the head first: every event at or below it is committed, so once a filtered read
    // comes back short, everything up to it has been seen and the checkpoint may jump there.
    const head = await this.deps.eventStore.headPosition();
    const limit = this.current < this.singleStepUntil ? 1 : this.settings.batchSize;
    const events = await this.deps.eventStore.readAll({
      afterPosition: this.current,
      maxCount: limit,
      filter: this.filter,
    });
    const complete = events.length < limit;
    const last = events.length > 0 ? events[events.length - 1].globalPosition : this.current;
    const target = complete ? Math.max(last, head) : last;
    const batch = new PendingBatch(this.deps.readStore, this.id, this.deps.clock, (checkpoint) => {
      this.current = checkpoint;
    });
    if (events.length === 0) {
      if (target > this.current) await batch.commit(target);
      return 'idle';
    }
    for (const event of events) {
      const context = new EventContext(
        event,
        (logical) => this.physical(logical),
        committingReader(this.deps.readStore, () => batch.commitPending(event.globalPosition - 1)),
      );
      let failure: { error: unknown } | null = null;
      try {
        await this.definition.handle(event, context);
      } catch (error) {
        failure = { error };
      }
      context.seal();
      // A failed commit (for a read) is the store's problem, not the handler's, even when the
      // handler swallowed it and carried on without the state it asked for.
      if (batch.commitError !== null) return this.commitFailed(batch.commitError, event, limit, target);
      if (failure !== null) {
        // Keep what the earlier events did: the projection stops exactly before this event.
        if (batch.pending > 0 || event.globalPosition - 1 > this.current)
          await batch.commit(event.globalPosition - 1);
        await this.recordFailure(event, failure.error);
        return 'failed';
      }
      batch.add(context.writes);
    }
    try {
      await batch.commit(target);
    } catch (error) {
      return this.commitFailed(error, events[events.length - 1], limit, target);
    }
    this.eventsHandled += events.length;
    return complete ? 'idle' : 'progress';
  }

  private rebuildStep(): Promise<StepOutcome> {
    return runRebuildPass({
      definition: this.definition,
      generationId: this.id,
      filter: this.filter,
      eventStore: this.deps.eventStore,
      readStore: this.deps.readStore,
      clock: this.deps.clock,
      settings: this.settings.rebuild,
      checkpoint: this.current,
      physical: (logical) => this.physical(logical),
      isStopped: () => this.stopped,
      isPermanent: isPermanentStoreError,
      committed: (checkpoint, events) => {
        this.current = checkpoint;
        this.eventsHandled += events;
      },
      recordFailure: (event, error) => this.recordFailure(event, error),
      fallBack: (position) => {
        this.slowUntil = Math.max(this.slowUntil, position);
      },
    });
  }

  /**
   * A commit the store refused for good: one of the batch's events produced a bad write. Replay
   * the batch one event per commit, so the event that fails is the one recorded.
   */
  private async commitFailed(
    error: unknown,
    event: RecordedEvent,
    limit: number,
    target: number,
  ): Promise<StepOutcome> {
    if (!isPermanentStoreError(error)) throw error;
    if (limit > 1) {
      this.singleStepUntil = target;
      return 'progress';
    }
    await this.recordFailure(event, error);
    return 'failed';
  }

  /** `event` null: `setup` failed, before any event. */
  private async recordFailure(event: RecordedEvent | null, error: unknown): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const failure: FailureRecord = {
      position: event?.globalPosition ?? this.current,
      eventId: event?.id ?? '',
      type: event?.type ?? SETUP_FAILURE_TYPE,
      streamId: event?.streamId ?? '',
      occurredAt: event?.occurredAt ?? '',
      message: describeError(error),
      code: isHeraldError(error) ? error.code : null,
      failedAt: now,
    };
    await this.deps.readStore.writeBatch([
      stateWrite(this.id, { status: 'failed', lastError: failure, updatedAt: now }),
    ]);
    this.lastFailure = failure;
    this.hooks.failed(this, failure, error);
  }

  private physical(logical: string): string {
    if (!this.definition.collections.includes(logical)) {
      throw new HeraldError(
        'PROJECTIONS.UNKNOWN_COLLECTION',
        `Projection ${this.name} does not declare collection ${logical}`,
        {
          projection: this.name,
          collection: logical,
        },
      );
    }
    return physicalCollection(this.name, logical, this.version);
  }

  /** Waits for the delay or until stopped; an idle wait also ends at a wake-up, a backoff does not. */
  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped || (wakeable && this.woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = null;
        resolve();
      }, ms);
      this.sleeper = {
        wakeable,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  private releaseSleeper(): void {
    const sleeper = this.sleeper;
    this.sleeper = null;
    sleeper?.resolve();
  }
}
