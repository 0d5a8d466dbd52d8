import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidV7Generator, type Clock, type DomainEvent } from '@herald/shared-kernel';
import { SqliteEventStore, type Actor, type EventMetadataInput, type NewEvent } from '@herald/event-store';
import { EmbeddedReadStore, type AnyDocument, type ReadStore } from '@herald/read-store';
import { PROJECTION_STATE_COLLECTION, ProjectionOperations, ProjectionRunner, type ProjectionCatalog, type ProjectionDefinition, type ProjectionLog } from '@herald/projections-runtime';

/** Commit timestamps one second apart from a chosen start, so specs can name `occurredAt` values. */
export class SteppingClock implements Clock {
  private current: number;
  constructor(start: string | Date = '2030-01-01T00:00:00.000Z', private readonly stepMs = 1000) {
    this.current = new Date(start).getTime() - stepMs;
  }
  now(): Date {
    this.current += this.stepMs;
    return new Date(this.current);
  }
  set(instant: string | Date): void {
    this.current = new Date(instant).getTime() - this.stepMs;
  }
}

export interface AppendMetadata extends Partial<Omit<EventMetadataInput, 'subjectIds'>> {
  readonly subjectIds?: readonly string[];
}

class SilentLog implements ProjectionLog {
  readonly messages: string[] = [];
  log(message: string): void {
    this.messages.push(message);
  }
  warn(message: string): void {
    this.messages.push(message);
  }
  error(message: string): void {
    this.messages.push(message);
  }
}

/**
 * A durable event store and read store in a temporary folder, a projection runner over them, and
 * the operations a spec needs: append domain events with full envelopes, wait until caught up,
 * restart the runner as a new process would, rebuild a projection beside the live one.
 */
export class ProjectionTestBed {
  readonly clock: SteppingClock;
  private runner: ProjectionRunner | null = null;
  private readonly revisions = new Map<string, number>();
  readonly log = new SilentLog();

  private constructor(
    private readonly dir: string,
    readonly eventStore: SqliteEventStore,
    readonly readStore: ReadStore,
    private readonly definitions: readonly ProjectionDefinition[],
    clock: SteppingClock,
  ) {
    this.clock = clock;
  }

  static async open(definitions: readonly ProjectionDefinition[], options: { start?: string } = {}): Promise<ProjectionTestBed> {
    const dir = mkdtempSync(join(tmpdir(), 'herald-read-models-'));
    const clock = new SteppingClock(options.start);
    const eventStore = await SqliteEventStore.open({ path: join(dir, 'events.sqlite'), synchronous: 'NORMAL', pollIntervalMs: 20, clock });
    const readStore = EmbeddedReadStore.open({ filename: join(dir, 'read.sqlite') });
    return new ProjectionTestBed(dir, eventStore, readStore, definitions, clock);
  }

  get catalog(): ProjectionCatalog {
    return this.requireRunner().catalog;
  }

  /** Appends domain events to a stream with the exact expected revision, as the command pipeline does. */
  async append(streamId: string, events: readonly DomainEvent[], metadata: AppendMetadata = {}): Promise<void> {
    const actor: Actor = metadata.actor ?? { kind: 'user', id: 'user-test' };
    const subjects = new Set(metadata.subjectIds ?? []);
    for (const event of events) for (const field of event.personalFields ?? []) subjects.add(field.subjectId);
    const envelope: EventMetadataInput = {
      tenantId: metadata.tenantId === undefined ? null : metadata.tenantId,
      actor,
      correlationId: metadata.correlationId ?? uuidV7Generator.next(),
      causationId: metadata.causationId ?? null,
      ...(metadata.requestId === undefined ? {} : { requestId: metadata.requestId }),
      ...(metadata.ip === undefined ? {} : { ip: metadata.ip }),
      ...(metadata.userAgent === undefined ? {} : { userAgent: metadata.userAgent }),
      subjectIds: [...subjects],
    };
    const newEvents: NewEvent[] = events.map((event) => ({
      id: uuidV7Generator.next(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: envelope,
      personalFields: event.personalFields ?? [],
    }));
    const revision = this.revisions.get(streamId);
    const result = await this.eventStore.append(streamId, newEvents, { expectedRevision: revision ?? 'no_stream' });
    this.revisions.set(streamId, result.nextExpectedRevision);
  }

  async start(): Promise<void> {
    if (this.runner !== null) return;
    this.runner = new ProjectionRunner({
      eventStore: this.eventStore,
      readStore: this.readStore,
      definitions: this.definitions,
      batchSize: 7,
      idleMs: 25,
      reconcileIntervalMs: 50,
      retireGraceMs: 0,
      backoff: { initialMs: 5, maxMs: 50 },
      log: this.log,
    });
    await this.runner.start();
  }

  /** Resolves once every projection serves from a version caught up with the log. */
  async caughtUp(): Promise<void> {
    await this.requireRunner().whenCaughtUp(undefined, { timeoutMs: 15_000 });
  }

  /** Stops the runner and starts a new one from the stored checkpoints, as a restarted process would. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    await this.caughtUp();
  }

  async stop(): Promise<void> {
    await this.runner?.stop();
    this.runner = null;
  }

  /** Builds a new version of `name` from the start of the log beside the live one and waits for the swap. */
  async rebuild(name: string): Promise<number> {
    const runner = this.requireRunner();
    const operations = new ProjectionOperations({ eventStore: this.eventStore, readStore: this.readStore, onChanged: () => runner.reconcile() });
    const version = await operations.rebuild(name, { actor: 'spec', reason: 'prove idempotency' });
    await this.caughtUp();
    return version;
  }

  /**
   * Replays the whole log over the live documents, as a MongoDB deployment does after a crash that
   * lost checkpoints: handlers then read documents already carrying later events, and the result
   * must still converge to the same documents.
   */
  async replayFromStart(name: string): Promise<void> {
    const runner = this.requireRunner();
    const projection = await runner.catalog.projection(name);
    if (projection === null) throw new Error(`projection ${name} has not started`);
    const generation = await runner.catalog.generation(name, projection.liveVersion);
    if (generation === null) throw new Error(`projection ${name} has no live generation`);
    await this.stop();
    await this.readStore.collection(PROJECTION_STATE_COLLECTION).updateOne({ _id: generation._id }, { $set: { checkpoint: 0 } });
    await this.start();
    await this.caughtUp();
  }

  /** Every document of a projection's live collection, in `_id` order. */
  async documents(name: string, logical: string): Promise<AnyDocument[]> {
    const collection = await this.catalog.open(name, logical);
    return collection.find({}, { sort: { _id: 1 } });
  }

  /** Every live collection of every projection of the bed, position stamps included: a rebuild must reproduce them too. */
  async snapshot(): Promise<Record<string, AnyDocument[]>> {
    const result: Record<string, AnyDocument[]> = {};
    for (const definition of this.definitions) {
      for (const logical of definition.collections) result[`${definition.name}.${logical}`] = await this.documents(definition.name, logical);
    }
    return result;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.eventStore.close();
    await this.readStore.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private requireRunner(): ProjectionRunner {
    if (this.runner === null) throw new Error('start() the test bed first');
    return this.runner;
  }
}
