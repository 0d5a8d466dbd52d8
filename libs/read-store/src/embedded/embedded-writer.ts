import { HeraldError, isHeraldError } from '@herald/shared-kernel';
import type { BatchWriteResult } from '../read-store.port';
import { compileFilter, upsertSeed } from '../query/filter-matcher';
import { toStorableDocument, type JsonObject } from '../query/json-value';
import { getPath } from '../query/path';
import { applyUpdate, compileUpdate, type CompiledUpdate } from '../query/update-applier';
import type { NormalizedWrite, PositionGuard } from '../query/write-model';
import type { DocumentPredicate } from '../query/filter-matcher';
import { cloneJsonValue, sameJson } from './json-copy';

/**
 * What a write needs from the documents it changes: the SQLite table of a collection, or the
 * in-memory overlay a projection rebuild works in. Both run `executeWrite`, so a write means
 * exactly the same on either.
 */
export interface WritableTable {
  /** Matches in the table's natural order; the caller must not mutate them. */
  matching(filter: unknown, predicate: DocumentPredicate, limit?: number): JsonObject[];
  insert(document: JsonObject): void;
  replace(before: JsonObject, after: JsonObject): void;
  delete(document: JsonObject): void;
  /** Undoes `work` if it throws, leaving the surrounding transaction usable. */
  savepoint<R>(work: () => R): R;
}

export function emptyResult(): BatchWriteResult {
  return { inserted: 0, matched: 0, modified: 0, deleted: 0, upserted: 0 };
}

export interface SingleWriteResult extends BatchWriteResult {
  upsertedId: string | null;
}

/** Runs one normalised write; the caller owns the transaction (a savepoint per write). */
export function executeWrite(table: WritableTable, write: NormalizedWrite): SingleWriteResult {
  const result: SingleWriteResult = { ...emptyResult(), upsertedId: null };
  switch (write.kind) {
    case 'insert':
      table.insert(write.document);
      result.inserted = 1;
      return result;
    case 'delete': {
      const victims = table.matching(write.filter, write.predicate, write.multi ? Infinity : 1);
      for (const doc of victims) table.delete(doc);
      result.deleted = victims.length;
      return result;
    }
    case 'update': {
      const targets = table.matching(write.filter, write.predicate, write.multi ? Infinity : 1);
      for (const doc of targets) {
        const after = cloneJsonValue(doc);
        if (applyUpdate(after, write.update, false)) {
          assertFiniteIncrements(after, write.update);
          table.replace(doc, after);
          result.modified++;
        }
      }
      result.matched = targets.length;
      if (targets.length === 0 && write.upsert) {
        const seeded = seedDocument(write.filter);
        applyUpdate(seeded, write.update, true);
        return insertUpserted(table, toStorableDocument(seeded), write.guard, result);
      }
      return result;
    }
    case 'replace': {
      const [target] = table.matching(write.filter, write.predicate, 1);
      if (target) {
        if (write.replacement._id !== undefined && write.replacement._id !== target._id) {
          throw new HeraldError(
            'READ_STORE.INVALID_UPDATE',
            'The replacement _id differs from the matched document',
            { path: '_id' },
          );
        }
        const { _id: _replacementId, ...body } = write.replacement;
        const next: JsonObject = { _id: target._id, ...body };
        result.matched = 1;
        if (!sameJson(next, target)) {
          table.replace(target, next);
          result.modified = 1;
        }
        return result;
      }
      if (!write.upsert) return result;
      return insertUpserted(table, toStorableDocument(write.replacement), write.guard, result);
    }
  }
}

function insertUpserted(
  table: WritableTable,
  document: JsonObject,
  guard: PositionGuard | null,
  result: SingleWriteResult,
): SingleWriteResult {
  try {
    if (guard) table.savepoint(() => table.insert(document));
    else table.insert(document);
  } catch (error) {
    // A guarded upsert that finds its document already at or past the position is a replay
    // of an applied event, not a conflict.
    if (guard && isHeraldError(error, 'READ_STORE.DUPLICATE_KEY') && isStale(table, guard)) return result;
    throw error;
  }
  result.upserted = 1;
  result.upsertedId = document._id as string;
  return result;
}

function isStale(table: WritableTable, guard: PositionGuard): boolean {
  return table.matching(guard.unguardedFilter, compileFilter(guard.unguardedFilter), 1).length > 0;
}

/** Equality fields of the filter become the new document's fields, as in a MongoDB upsert. */
function seedDocument(filter: JsonObject): JsonObject {
  const document: JsonObject = {};
  const seed = upsertSeed(filter);
  const id = seed.find(([path]) => path === '_id');
  if (id) document._id = id[1];
  const fields = seed.filter(([path]) => path !== '_id');
  if (fields.length > 0) applyUpdate(document, compileUpdate({ $set: Object.fromEntries(fields) }), true);
  return document;
}

/**
 * A stored document with an update applied stays storable — the operands were checked when the
 * update was compiled — except for an `$inc` that overflows to ±Infinity, which is all that is
 * checked here instead of copying and re-validating the whole document on every update.
 */
function assertFiniteIncrements(document: JsonObject, update: CompiledUpdate): void {
  for (const change of update.changes) {
    if (change.operator !== '$inc') continue;
    const value = getPath(document, change.segments);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new HeraldError('READ_STORE.INVALID_DOCUMENT', `document.${change.path} is not a finite number`, {
        path: `document.${change.path}`,
      });
    }
  }
}
