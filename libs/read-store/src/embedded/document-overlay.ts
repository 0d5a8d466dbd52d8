import { pinnedValues, compileFilter } from '../query/filter-matcher';
import type { JsonObject } from '../query/json-value';
import { checkSkipLimit } from '../query/paging';
import { applyProjection, compileProjection } from '../query/projection';
import { normalizeSort, sortDocuments } from '../query/sort';
import { normalizeWrite, type NormalizedWrite } from '../query/write-model';
import type {
  AnyDocument,
  CollectionWrite,
  Filter,
  FindOptions,
  ReadStore,
  StoredDocument,
} from '../read-store.port';
import { executeWrite } from './embedded-writer';
import { cloneJsonValue } from './json-copy';
import { MemoryTable } from './memory-table';

export interface DocumentOverlayOptions {
  /**
   * Clean documents kept in memory across flushes (default 100,000). Beyond it the oldest are
   * forgotten and read again from the store when needed.
   */
  readonly cacheLimit?: number;
}

interface OverlayCollection {
  readonly table: MemoryTable;
  /** Every id the store holds, when known: a collection that was empty when the overlay opened. */
  readonly baseIds: Set<string> | null;
  /** Every document the store holds is in `table` too: filters need not ask the store. */
  allCached: boolean;
}

/**
 * A projection's collections in memory in front of a read store, for rebuilding a version no
 * reader uses yet: reads are served from memory (loading from the store on a miss), writes
 * apply in memory with the store's own write code (`executeWrite`, position guards included),
 * and `flushWrites()` turns what changed into one batch of whole-document writes. The store is
 * touched only at flushes, never once per event.
 *
 * One owner only: the store must not be written by anyone else while the overlay is open.
 */
export class DocumentOverlay {
  private readonly collections = new Map<string, OverlayCollection>();
  private readonly cacheLimit: number;

  private constructor(
    private readonly base: ReadStore,
    options: DocumentOverlayOptions,
  ) {
    this.cacheLimit = Math.max(0, options.cacheLimit ?? 100_000);
  }

  static async open(
    base: ReadStore,
    collections: readonly string[],
    options: DocumentOverlayOptions = {},
  ): Promise<DocumentOverlay> {
    const overlay = new DocumentOverlay(base, options);
    for (const name of collections) {
      const collection = base.collection(name);
      const [count, indexes] = await Promise.all([collection.count(), collection.listIndexes()]);
      const paths = indexes.map((index) => Object.keys(index.fields)[0]).filter((path) => path !== undefined);
      overlay.collections.set(name, {
        table: new MemoryTable(name, paths),
        baseIds: count === 0 ? new Set() : null,
        allCached: count === 0,
      });
    }
    return overlay;
  }

  /** Documents changed since the last flush. */
  get dirtyDocuments(): number {
    let total = 0;
    for (const { table } of this.collections.values()) total += table.dirtyCount;
    return total;
  }

  async get<T extends StoredDocument = AnyDocument>(collection: string, id: string): Promise<T | null> {
    const overlay = this.require(collection);
    await this.loadIds(overlay, [id]);
    const doc = overlay.table.entries.get(id)?.doc ?? null;
    return doc === null ? null : (cloneJsonValue(doc) as unknown as T);
  }

  async find<T extends StoredDocument = AnyDocument>(
    collection: string,
    filter: Filter<T> = {},
    options: FindOptions<T> = {},
  ): Promise<T[]> {
    const predicate = compileFilter(filter);
    const projection = compileProjection(options.projection);
    const { skip, limit } = checkSkipLimit(options.skip, options.limit);
    const keys = options.sort ? normalizeSort(options.sort, true) : null;
    const overlay = this.require(collection);
    await this.loadMatching(overlay, filter);
    const matches = overlay.table.matching(filter, predicate, keys ? Infinity : skip + limit);
    const page = keys ? sortDocuments(matches, keys).slice(skip, skip + limit) : matches.slice(skip);
    return page.map((doc) => cloneJsonValue(applyProjection(doc, projection)) as unknown as T);
  }

  /**
   * Applies writes in order, as `writeBatch` would. A write the store would refuse (malformed,
   * duplicate `_id`) throws the store's error and may leave earlier writes of the call applied:
   * discard the overlay then.
   */
  async apply(writes: readonly CollectionWrite[]): Promise<void> {
    for (const { collection, operation } of writes) {
      const overlay = this.require(collection);
      const write = normalizeWrite(operation);
      await this.loadTargets(overlay, write);
      overlay.table.writingAt = positionOf(operation);
      executeWrite(overlay.table, write);
    }
  }

  /**
   * One whole-document write per changed document: inserts for documents the store cannot hold
   * yet, upserts by `_id` otherwise, deletes for removed ones. No position guard is needed: each
   * document is written in its final state, already stamped with the last event that wrote it.
   *
   * On a store without atomic batches the writes go in the order of the events that last
   * changed them, so a crash part-way leaves what the live path's crash leaves: every document
   * either as the log had it at some position p (those last changed up to p) or untouched since
   * the previous flush, and the replay from the stored checkpoint converges the same way.
   */
  flushWrites(): CollectionWrite[] {
    const writes: Array<{ position: number; write: CollectionWrite }> = [];
    for (const [collection, overlay] of this.collections) {
      if (overlay.table.dirtyCount === 0) continue;
      for (const [id, entry] of overlay.table.entries) {
        if (!entry.dirty) continue;
        if (entry.doc !== null) {
          const operation =
            overlay.baseIds !== null && !entry.inBase
              ? { insertOne: { document: entry.doc } }
              : { replaceOne: { filter: { _id: id }, replacement: entry.doc, upsert: true } };
          writes.push({ position: entry.position, write: { collection, operation } });
        } else if (entry.inBase) {
          writes.push({
            position: entry.position,
            write: { collection, operation: { deleteOne: { filter: { _id: id } } } },
          });
        }
      }
    }
    if (!this.base.guarantees.atomicBatch) writes.sort((a, b) => a.position - b.position);
    return writes.map(({ write }) => write);
  }

  /** The writes of `flushWrites()` were committed: keep going from there, within the cache limit. */
  flushed(): void {
    let cached = 0;
    for (const overlay of this.collections.values()) {
      for (const [id, entry] of overlay.table.entries) {
        if (!entry.dirty) continue;
        if (entry.doc === null) overlay.baseIds?.delete(id);
        else overlay.baseIds?.add(id);
      }
      overlay.table.markFlushed();
      cached += overlay.table.entries.size;
    }
    if (cached <= this.cacheLimit) return;
    const share = Math.floor(this.cacheLimit / (2 * this.collections.size));
    for (const overlay of this.collections.values()) {
      if (overlay.table.evict(share) > 0) overlay.allCached = false;
    }
  }

  private require(collection: string): OverlayCollection {
    const overlay = this.collections.get(collection);
    if (overlay === undefined) throw new Error(`The overlay does not hold collection ${collection}`);
    return overlay;
  }

  private async loadTargets(overlay: OverlayCollection, write: NormalizedWrite): Promise<void> {
    if (overlay.allCached) return;
    if (write.kind === 'insert') return this.loadIds(overlay, [write.document._id as string]);
    const ids = pinnedValues(write.filter, '_id');
    if (ids && ids.every((id): id is string => typeof id === 'string')) return this.loadIds(overlay, ids);
    await this.loadMatching(overlay, write.filter);
  }

  private async loadIds(overlay: OverlayCollection, ids: readonly string[]): Promise<void> {
    const { table, baseIds } = overlay;
    const missing = ids.filter((id) => !table.entries.has(id) && (baseIds === null || baseIds.has(id)));
    if (missing.length === 0) return;
    const found = await this.base.collection(table.name).find({ _id: { $in: missing } });
    for (const doc of found) table.remember(doc._id, doc as unknown as JsonObject);
    for (const id of missing) table.remember(id, null);
  }

  /** Brings every stored document matching `filter` (in its stored state) into memory. */
  private async loadMatching(overlay: OverlayCollection, filter: unknown): Promise<void> {
    if (overlay.allCached) return;
    const found = await this.base.collection(overlay.table.name).find(filter as Filter);
    for (const doc of found) overlay.table.remember(doc._id, doc as unknown as JsonObject);
  }
}

function positionOf(operation: CollectionWrite['operation']): number {
  const spec = Object.values(operation)[0] as { atPosition?: unknown } | undefined;
  return typeof spec?.atPosition === 'number' ? spec.atPosition : 0;
}
