import { HeraldError, uuidV7Generator } from '@herald/shared-kernel';
import type { WriteOperation } from '../read-store.port';
import { POSITION_FIELD } from '../read-store.port';
import {
  assertUpsertFilter,
  compileFilter,
  unsupported,
  upsertSeed,
  type DocumentPredicate,
} from './filter-matcher';
import { isPlainObject, toStorableDocument, type JsonObject, type JsonValue } from './json-value';
import { compileUpdate, type CompiledUpdate } from './update-applier';

/**
 * A write validated once, in the form both adapters execute: the embedded adapter applies
 * `predicate`/`update` itself, the MongoDB adapter sends `filter`/`updateDocument`. Generated
 * ids and position guards are added here so both adapters write identical documents.
 */
export type NormalizedWrite =
  | { kind: 'insert'; document: JsonObject }
  | {
      kind: 'update';
      filter: JsonObject;
      predicate: DocumentPredicate;
      updateDocument: JsonObject;
      update: CompiledUpdate;
      multi: boolean;
      upsert: boolean;
      guard: PositionGuard | null;
    }
  | {
      kind: 'replace';
      filter: JsonObject;
      predicate: DocumentPredicate;
      /** Carries `_id` only when the caller named one (in the replacement or the filter). */
      replacement: JsonObject;
      upsert: boolean;
      guard: PositionGuard | null;
    }
  | { kind: 'delete'; filter: JsonObject; predicate: DocumentPredicate; multi: boolean };

export interface PositionGuard {
  position: number;
  /** The caller's filter without the guard: an upsert that hits a duplicate key is stale iff it matches a document. */
  unguardedFilter: JsonObject;
}

export function newId(): string {
  return uuidV7Generator.next();
}

export function prepareInsert(document: unknown): JsonObject {
  const withId =
    isPlainObject(document) && document._id === undefined ? { _id: newId(), ...document } : document;
  return toStorableDocument(withId);
}

export function normalizeWrite(operation: WriteOperation): NormalizedWrite {
  if ('insertOne' in operation)
    return { kind: 'insert', document: prepareInsert(operation.insertOne.document) };
  if ('updateOne' in operation || 'updateMany' in operation) {
    const multi = 'updateMany' in operation;
    const spec =
      'updateOne' in operation
        ? { upsert: false, ...operation.updateOne }
        : { ...operation.updateMany, upsert: false };
    return normalizeUpdate(spec.filter, spec.update, multi, spec.upsert === true, spec.atPosition);
  }
  if ('replaceOne' in operation) {
    const { filter, replacement, upsert, atPosition } = operation.replaceOne;
    return normalizeReplace(filter, replacement, upsert === true, atPosition);
  }
  const multi = 'deleteMany' in operation;
  const { filter, atPosition } = 'deleteOne' in operation ? operation.deleteOne : operation.deleteMany;
  const base = filterObject(filter);
  const guarded = atPosition === undefined ? base : guardFilter(base, checkPosition(atPosition));
  return { kind: 'delete', filter: guarded, predicate: compileFilter(guarded), multi };
}

function normalizeUpdate(
  filter: unknown,
  update: unknown,
  multi: boolean,
  upsert: boolean,
  atPosition: number | undefined,
): NormalizedWrite {
  const base = filterObject(filter);
  if (upsert) assertUpsertFilter(base);
  compileUpdate(update);
  let updateDocument = { ...(update as JsonObject) };
  if (upsert && !upsertSeed(base).some(([path]) => path === '_id')) {
    const onInsert = isPlainObject(updateDocument.$setOnInsert) ? updateDocument.$setOnInsert : {};
    if (onInsert._id === undefined)
      updateDocument = { ...updateDocument, $setOnInsert: { ...onInsert, _id: newId() } };
  }
  let guard: PositionGuard | null = null;
  let effectiveFilter = base;
  if (atPosition !== undefined) {
    const position = checkPosition(atPosition);
    guard = { position, unguardedFilter: base };
    effectiveFilter = guardFilter(base, position);
    const set = isPlainObject(updateDocument.$set) ? updateDocument.$set : {};
    updateDocument = { ...updateDocument, $set: { ...set, [POSITION_FIELD]: position } };
  }
  return {
    kind: 'update',
    filter: effectiveFilter,
    predicate: compileFilter(effectiveFilter),
    updateDocument,
    update: compileUpdate(updateDocument),
    multi,
    upsert,
    guard,
  };
}

function normalizeReplace(
  filter: unknown,
  replacement: unknown,
  upsert: boolean,
  atPosition: number | undefined,
): NormalizedWrite {
  const base = filterObject(filter);
  if (upsert) assertUpsertFilter(base);
  if (!isPlainObject(replacement))
    throw new HeraldError('READ_STORE.INVALID_DOCUMENT', 'A replacement must be a plain object');
  const operator = Object.keys(replacement).find((k) => k.startsWith('$'));
  if (operator) throw unsupported(operator, 'A replacement cannot contain update operators');
  const seededId = upsertSeed(base).find(([path]) => path === '_id')?.[1];
  const explicitId = replacement._id ?? seededId;
  if (seededId !== undefined && replacement._id !== undefined && seededId !== replacement._id) {
    throw new HeraldError(
      'READ_STORE.INVALID_UPDATE',
      'The replacement _id differs from the _id in the filter',
      { path: '_id' },
    );
  }
  if (upsert && explicitId === undefined) {
    // MongoDB would invent an ObjectId; ids here are strings, so the caller names the document.
    throw unsupported(
      'replaceOne',
      'replaceOne with upsert needs an _id in the filter or in the replacement',
    );
  }
  let guard: PositionGuard | null = null;
  let effectiveFilter = base;
  // Destructured rather than `delete`d: deleting a property turns the object into a slow
  // dictionary, and every replacement document goes through here.
  const { _id: _replacementId, ...rest } = replacement;
  let body: Record<string, unknown> = rest;
  if (atPosition !== undefined) {
    const position = checkPosition(atPosition);
    guard = { position, unguardedFilter: base };
    effectiveFilter = guardFilter(base, position);
    body = { ...body, [POSITION_FIELD]: position };
  }
  const checked = toStorableDocument(
    { _id: typeof explicitId === 'string' ? explicitId : 'unset', ...body },
    'replacement',
  );
  const replacementDocument: JsonObject = explicitId === undefined ? withoutId(checked) : checked;
  return {
    kind: 'replace',
    filter: effectiveFilter,
    predicate: compileFilter(effectiveFilter),
    replacement: replacementDocument,
    upsert,
    guard,
  };
}

function withoutId(document: JsonObject): JsonObject {
  const { _id: _ignored, ...rest } = document;
  return rest;
}

function filterObject(filter: unknown): JsonObject {
  if (filter === undefined || filter === null) return {};
  compileFilter(filter);
  return filter as JsonObject;
}

function checkPosition(position: number): number {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw unsupported(
      'atPosition',
      'atPosition must be a non-negative safe integer (a global event position)',
    );
  }
  return position;
}

/**
 * Adds "not yet at this position" beside the caller's conditions, keeping their top-level
 * equality fields top-level so an upsert still seeds them (FerretDB ignores `$and` there).
 */
function guardFilter(filter: JsonObject, position: number): JsonObject {
  const branches: JsonValue[] = [
    { [POSITION_FIELD]: { $exists: false } },
    { [POSITION_FIELD]: { $lt: position } },
  ];
  if (filter.$or === undefined) return { ...filter, $or: branches };
  const and = Array.isArray(filter.$and) ? filter.$and : [];
  return { ...filter, $and: [...and, { $or: branches }] };
}
