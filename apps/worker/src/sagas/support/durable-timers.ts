import type { Collection, JsonObject, ReadStore } from '@herald/read-store';

/**
 * One durable timer: when it is due and what its saga needs to act. `dueAt` null means "nothing
 * to do now" (the document stays, so a late, older write cannot bring the timer back).
 */
export interface DurableTimer<P extends JsonObject> {
  readonly id: string;
  readonly dueAt: Date | null;
  /** Grows with every change of what the timer was derived from (a stream revision + 1). */
  readonly version: number;
  readonly payload: P;
}

interface TimerDocument {
  _id: string;
  /** ISO-8601 instant (sorts as a string); null when idle. */
  dueAt: string | null;
  version: number;
  payload: JsonObject;
  updatedAt: string;
}

/**
 * Timers kept in the read store (SQLite embedded, MongoDB in production), so they survive
 * restarts and every worker replica sees the same table. A timer is written with its `version`
 * as the store's position guard: an older derivation arriving late (a redelivered message, a
 * replica that read the stream earlier) never overwrites a newer one, and writing the same
 * version twice is a no-op.
 */
export class DurableTimers<P extends JsonObject> {
  private readonly collection: Collection<TimerDocument>;
  private ready: Promise<void> | null = null;

  constructor(
    store: ReadStore,
    readonly collectionName: string,
  ) {
    this.collection = store.collection<TimerDocument>(collectionName);
  }

  /** Creates the due-time index once; every other method calls it first. */
  init(): Promise<void> {
    this.ready ??= this.collection.createIndex({ fields: { dueAt: 1 } }).then(() => undefined);
    return this.ready;
  }

  /** Resolves false when a newer (or the same) version was already stored. */
  async set(id: string, dueAt: Date | null, payload: P, version: number, now: Date): Promise<boolean> {
    await this.init();
    const result = await this.collection.upsert(
      { _id: id },
      {
        $set: {
          dueAt: dueAt === null ? null : dueAt.toISOString(),
          version,
          payload,
          updatedAt: now.toISOString(),
        },
      },
      { atPosition: version },
    );
    return result.matched > 0 || result.upsertedId !== null;
  }

  async get(id: string): Promise<DurableTimer<P> | null> {
    await this.init();
    const document = await this.collection.findOne({ _id: id });
    return document === null ? null : this.toTimer(document);
  }

  async isEmpty(): Promise<boolean> {
    await this.init();
    return (await this.collection.findOne({}, { projection: { _id: 1 } })) === null;
  }

  /** Timers due at `now` or earlier, the most overdue first. */
  async due(now: Date, limit: number): Promise<DurableTimer<P>[]> {
    await this.init();
    const documents = await this.collection.find(
      { dueAt: { $lte: now.toISOString() } },
      { sort: { dueAt: 1 }, limit },
    );
    return documents.map((document) => this.toTimer(document));
  }

  /** The earliest due instant strictly after `after`, or null when no timer is set. */
  async nextAfter(after: Date): Promise<Date | null> {
    await this.init();
    const document = await this.collection.findOne(
      { dueAt: { $gt: after.toISOString() } },
      { sort: { dueAt: 1 } },
    );
    return document?.dueAt == null ? null : new Date(document.dueAt);
  }

  private toTimer(document: TimerDocument): DurableTimer<P> {
    return {
      id: document._id,
      dueAt: document.dueAt === null ? null : new Date(document.dueAt),
      version: document.version,
      // Written only by `set` with a P.
      payload: document.payload as P,
    };
  }
}
