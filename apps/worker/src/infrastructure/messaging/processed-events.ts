import { isHeraldError } from '@herald/shared-kernel';
import type { ReadStore } from '@herald/read-store';

export const PROCESSED_EVENTS_COLLECTION = 'worker_processed_events';

interface ProcessedEventDocument {
  _id: string;
  consumer: string;
  eventId: string;
  processedAt: string;
}

/**
 * Which events each consumer has fully handled, by event id: the bus delivers at least once (and
 * the embedded relay republishes the whole log at every start), so a consumer checks here first
 * and records the id only after its handler succeeded. Shared by every replica through the read
 * store (MongoDB in production), durable in embedded mode.
 */
export class ProcessedEvents {
  constructor(private readonly readStore: ReadStore) {}

  private get collection() {
    return this.readStore.collection<ProcessedEventDocument>(PROCESSED_EVENTS_COLLECTION);
  }

  async has(consumer: string, eventId: string): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${consumer}:${eventId}` })) !== null;
  }

  async mark(consumer: string, eventId: string, at: Date): Promise<void> {
    try {
      await this.collection.insertOne({
        _id: `${consumer}:${eventId}`,
        consumer,
        eventId,
        processedAt: at.toISOString(),
      });
    } catch (error) {
      // Another member handled it too (a rebalance mid-handler): both outcomes are the same.
      if (!isHeraldError(error, 'READ_STORE.DUPLICATE_KEY')) throw error;
    }
  }

  async count(consumer: string): Promise<number> {
    return this.collection.count({ consumer });
  }
}
