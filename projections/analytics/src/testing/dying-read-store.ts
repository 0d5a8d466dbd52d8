import type {
  AnyDocument,
  BatchWriteResult,
  Collection,
  CollectionWrite,
  ReadStore,
  StoredDocument,
} from '@herald/read-store';

/**
 * A read store without atomic batches (as MongoDB) whose process dies after a set number of
 * single writes: the writes before stay applied, every later one fails. What a projection
 * must survive on the production store: a crash between two writes of one event.
 */
export class DyingReadStore implements ReadStore {
  readonly guarantees = { atomicBatch: false, atomicSwap: true };
  readonly died: Promise<void>;
  private markDead!: () => void;

  constructor(
    private readonly inner: ReadStore,
    private writesLeft: number,
  ) {
    this.died = new Promise((resolve) => {
      this.markDead = resolve;
    });
  }

  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T> {
    return this.inner.collection<T>(name);
  }

  async writeBatch(writes: readonly CollectionWrite[]): Promise<BatchWriteResult> {
    const total: BatchWriteResult = { inserted: 0, matched: 0, modified: 0, deleted: 0, upserted: 0 };
    for (const write of writes) {
      if (this.writesLeft <= 0) {
        this.markDead();
        throw new Error('simulated crash: the process died between two writes');
      }
      this.writesLeft -= 1;
      const result = await this.inner.writeBatch([write]);
      for (const key of Object.keys(total) as (keyof BatchWriteResult)[]) total[key] += result[key];
    }
    return total;
  }

  listCollections(): Promise<string[]> {
    return this.inner.listCollections();
  }

  dropCollection(name: string): Promise<boolean> {
    return this.inner.dropCollection(name);
  }

  renameCollection(from: string, to: string, options?: { dropTarget?: boolean }): Promise<void> {
    return this.inner.renameCollection(from, to, options);
  }

  async close(): Promise<void> {
    // The wrapped store belongs to the spec.
  }
}
