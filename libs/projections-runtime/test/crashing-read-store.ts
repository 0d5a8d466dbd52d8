import type {
  AnyDocument,
  BatchWriteResult,
  Collection,
  CollectionWrite,
  ReadStore,
  ReadStoreGuarantees,
  StoredDocument,
} from '@herald/read-store';

/**
 * Wraps a real read store to play a process that dies mid-way: once the armed number of writes
 * went through, every further write fails, as nothing more would reach the store. With
 * `atomicBatch: false` it also applies a batch one write at a time, as MongoDB does, so a
 * crash can leave a prefix of a batch applied.
 */
export class CrashingReadStore implements ReadStore {
  readonly guarantees: ReadStoreGuarantees;
  private writesLeft = Number.POSITIVE_INFINITY;
  private batchesLeft = Number.POSITIVE_INFINITY;
  /** Batches that reached the store, for specs that check how the runner batches. */
  batches = 0;

  constructor(
    private readonly inner: ReadStore,
    options: { atomicBatch: boolean },
  ) {
    this.guarantees = {
      atomicBatch: options.atomicBatch && inner.guarantees.atomicBatch,
      atomicSwap: inner.guarantees.atomicSwap,
    };
  }

  get crashed(): boolean {
    return this.writesLeft <= 0 || this.batchesLeft <= 0;
  }

  /** Dies after `count` more single writes (non-atomic mode counts each write of a batch). */
  crashAfterWrites(count: number): void {
    this.writesLeft = count;
  }

  /** Dies after `count` more batches: the next one is never written. */
  crashAfterBatches(count: number): void {
    this.batchesLeft = count;
  }

  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T> {
    return this.inner.collection<T>(name);
  }

  async writeBatch(writes: readonly CollectionWrite[]): Promise<BatchWriteResult> {
    if (this.batchesLeft <= 0) throw new Error('simulated crash: the process died before this batch');
    this.batchesLeft--;
    this.batches++;
    if (this.guarantees.atomicBatch) {
      if (this.writesLeft < writes.length) {
        this.writesLeft = 0;
        throw new Error('simulated crash: the process died before this batch');
      }
      this.writesLeft -= writes.length;
      return this.inner.writeBatch(writes);
    }
    const total: BatchWriteResult = { inserted: 0, matched: 0, modified: 0, deleted: 0, upserted: 0 };
    for (const write of writes) {
      if (this.writesLeft <= 0) throw new Error('simulated crash: the process died in the middle of a batch');
      this.writesLeft--;
      const result = await this.inner.writeBatch([write]);
      total.inserted += result.inserted;
      total.matched += result.matched;
      total.modified += result.modified;
      total.deleted += result.deleted;
      total.upserted += result.upserted;
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
    // The wrapped store belongs to the spec, which closes it.
  }
}
