import type { Collection, ReadStore } from '@herald/read-store';

interface ProcessedDocument {
  _id: string;
  consumer: string;
  eventId: string;
  processedAt: string;
}

export const PROCESSED_EVENTS_COLLECTION = 'saga_processed_events';

/**
 * Which events a consumer has fully handled, by event id (the CloudEvent id). Kafka and the
 * in-process bus deliver at least once, and the embedded relay republishes `$all` at every start,
 * so a saga asks `has` before acting and calls `mark` only after its handler succeeded: a crash in
 * between redelivers the event, which the handler must then tolerate (every saga handler here is
 * idempotent on its own; this store spares the repeated work). Kept in the read store beside the
 * saga's other state; `prune` bounds it (older ids are past any broker's retention).
 */
export class ProcessedEvents {
  private readonly collection: Collection<ProcessedDocument>;
  private ready: Promise<void> | null = null;

  constructor(store: ReadStore) {
    this.collection = store.collection<ProcessedDocument>(PROCESSED_EVENTS_COLLECTION);
  }

  private init(): Promise<void> {
    this.ready ??= this.collection.createIndex({ fields: { processedAt: 1 } }).then(() => undefined);
    return this.ready;
  }

  async has(consumer: string, eventId: string): Promise<boolean> {
    await this.init();
    return (await this.collection.count({ _id: key(consumer, eventId) })) > 0;
  }

  async mark(consumer: string, eventId: string, at: Date): Promise<void> {
    await this.init();
    // An upsert, so a redelivery racing the first handling never fails on a duplicate key.
    await this.collection.upsert(
      { _id: key(consumer, eventId) },
      { $setOnInsert: { consumer, eventId, processedAt: at.toISOString() } },
    );
  }

  /** Forgets ids processed before `before`; resolves how many. */
  async prune(before: Date): Promise<number> {
    await this.init();
    return this.collection.deleteMany({ processedAt: { $lt: before.toISOString() } });
  }
}

const key = (consumer: string, eventId: string): string => `${consumer}/${eventId}`;
