import { HeraldError } from '@herald/shared-kernel';
import { pinnedValues, type DocumentPredicate } from '../query/filter-matcher';
import type { JsonObject } from '../query/json-value';
import { splitPath } from '../query/path';
import type { WritableTable } from './embedded-writer';
import { encodeKeyPart, indexKeys } from './index-keys';
import type { IndexEntry } from './sqlite-catalog';

export interface MemoryEntry {
  /** null: no such document (deleted here, or known to be absent from the base). */
  doc: JsonObject | null;
  /** Whether the base store holds a document with this id (as of the last flush). */
  inBase: boolean;
  /** Changed since the last flush. */
  dirty: boolean;
  /** `atPosition` of the last write that changed it (0 when unknown). */
  position: number;
}

interface MemoryIndex {
  readonly entry: IndexEntry;
  readonly ids: Map<string, Set<string>>;
}

/**
 * Documents of one collection held in memory, with the candidate selection the SQLite table
 * uses (`_id`, then the first field of each declared index), so `executeWrite` runs on it with
 * the store's exact semantics. Unique indexes other than `_id` are not enforced here: the store
 * enforces them when the documents are flushed.
 */
export class MemoryTable implements WritableTable {
  readonly entries = new Map<string, MemoryEntry>();
  private readonly indexes: MemoryIndex[];
  private dirty = 0;
  /** The `atPosition` of the write being applied, recorded on what it changes. */
  writingAt = 0;

  constructor(
    readonly name: string,
    indexedPaths: readonly string[],
  ) {
    this.indexes = [...new Set(indexedPaths)]
      .filter((path) => path !== '_id')
      .map((path) => ({
        entry: {
          name: path,
          fields: [{ path, segments: splitPath(path), direction: 1 }],
          unique: false,
          table: '',
          multikey: true,
        },
        ids: new Map<string, Set<string>>(),
      }));
  }

  get dirtyCount(): number {
    return this.dirty;
  }

  /** Adds a document as the base store holds it; never replaces what is already here. */
  remember(id: string, doc: JsonObject | null): void {
    if (this.entries.has(id)) return;
    this.entries.set(id, { doc, inBase: doc !== null, dirty: false, position: 0 });
    if (doc !== null) this.addKeys(doc);
  }

  matching(filter: unknown, predicate: DocumentPredicate, limit = Infinity): JsonObject[] {
    const out: JsonObject[] = [];
    if (limit <= 0) return out;
    for (const doc of this.candidates(filter)) {
      if (!predicate(doc)) continue;
      out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }

  insert(document: JsonObject): void {
    const id = document._id as string;
    const entry = this.entries.get(id);
    if (entry?.doc) {
      throw new HeraldError('READ_STORE.DUPLICATE_KEY', `Duplicate key in ${this.name} on index _id_`, {
        collection: this.name,
        index: '_id_',
        id,
      });
    }
    this.set(id, entry, document);
    this.addKeys(document);
  }

  replace(before: JsonObject, after: JsonObject): void {
    const id = before._id as string;
    this.removeKeys(before);
    this.set(id, this.entries.get(id), after);
    this.addKeys(after);
  }

  delete(document: JsonObject): void {
    const id = document._id as string;
    this.removeKeys(document);
    this.set(id, this.entries.get(id), null);
  }

  savepoint<R>(work: () => R): R {
    // insert checks before it changes anything, so a failed write leaves nothing to undo.
    return work();
  }

  /** After a flush committed: what is here is now what the base holds. */
  markFlushed(): void {
    for (const entry of this.entries.values()) {
      if (!entry.dirty) continue;
      entry.dirty = false;
      entry.inBase = entry.doc !== null;
    }
    this.dirty = 0;
  }

  /** Forgets clean documents, oldest first, down to `keep`; returns how many were forgotten. */
  evict(keep: number): number {
    let evicted = 0;
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= keep) break;
      if (entry.dirty) continue;
      if (entry.doc !== null) this.removeKeys(entry.doc);
      this.entries.delete(id);
      evicted += 1;
    }
    return evicted;
  }

  private set(id: string, entry: MemoryEntry | undefined, doc: JsonObject | null): void {
    if (entry === undefined) {
      this.entries.set(id, { doc, inBase: false, dirty: true, position: this.writingAt });
      this.dirty += 1;
      return;
    }
    if (!entry.dirty) this.dirty += 1;
    entry.doc = doc;
    entry.dirty = true;
    entry.position = this.writingAt;
  }

  private *candidates(filter: unknown): Generator<JsonObject> {
    const ids = pinnedValues(filter, '_id');
    if (ids && ids.every((id) => typeof id === 'string')) {
      for (const id of new Set(ids as string[])) {
        const doc = this.entries.get(id)?.doc;
        if (doc) yield doc;
      }
      return;
    }
    for (const index of this.indexes) {
      const values = pinnedValues(filter, index.entry.fields[0].path);
      if (!values) continue;
      const seen = new Set<string>();
      for (const value of values) {
        for (const id of index.ids.get(encodeKeyPart(value)) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          const doc = this.entries.get(id)?.doc;
          if (doc) yield doc;
        }
      }
      return;
    }
    for (const entry of this.entries.values()) if (entry.doc) yield entry.doc;
  }

  private addKeys(doc: JsonObject): void {
    for (const index of this.indexes) {
      for (const key of indexKeys(doc, index.entry)) {
        let ids = index.ids.get(key);
        if (!ids) index.ids.set(key, (ids = new Set()));
        ids.add(doc._id as string);
      }
    }
  }

  private removeKeys(doc: JsonObject): void {
    for (const index of this.indexes) {
      for (const key of indexKeys(doc, index.entry)) {
        const ids = index.ids.get(key);
        ids?.delete(doc._id as string);
        if (ids?.size === 0) index.ids.delete(key);
      }
    }
  }
}
