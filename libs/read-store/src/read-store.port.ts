import type { JsonObject, JsonPrimitive, JsonValue } from './query/json-value';

/**
 * The read side's document store. Projections write read models here; query handlers read them.
 * Documents are JSON objects with a string `_id` (dates as ISO-8601 strings, which sort
 * correctly as strings). Filters, updates and pipelines are a documented subset of MongoDB's
 * (libs/read-store/README.md); anything outside it fails with READ_STORE.UNSUPPORTED_QUERY on
 * every adapter, so code that passes on the embedded store also runs on MongoDB and FerretDB.
 *
 * Write guarantees differ per adapter and are exposed in `guarantees`:
 * - embedded (SQLite): `writeBatch` and `bulkWrite` run in one transaction, all or nothing, and
 *   the file is durable (WAL) — a projection writes its read-model change and its checkpoint in
 *   one batch and can never see one without the other.
 * - MongoDB / FerretDB: no multi-document transactions (FerretDB has none). Each write is atomic
 *   on its document; a batch applies in order and stops at the first failure, so a crash can
 *   leave a prefix applied. Projections therefore pass `atPosition` (the event's global position)
 *   on every write and write the checkpoint last: replaying an event skips documents already
 *   stamped with that position or a later one, so a replay converges to the same state.
 */
export interface ReadStore {
  readonly guarantees: ReadStoreGuarantees;
  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T>;
  /** Writes to several collections in order; see `guarantees.atomicBatch`. */
  writeBatch(writes: readonly CollectionWrite[]): Promise<BatchWriteResult>;
  listCollections(): Promise<string[]>;
  /** Resolves false when there was nothing to drop. */
  dropCollection(name: string): Promise<boolean>;
  /**
   * Blue/green rebuilds build `posts_v2` beside the live collection, then rename it over the
   * live name with `dropTarget: true`. See `guarantees.atomicSwap`.
   */
  renameCollection(from: string, to: string, options?: { dropTarget?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface ReadStoreGuarantees {
  /**
   * true: a batch is all or nothing, even across collections. false: writes apply in order, each
   * atomic on its own document; make each one idempotent with `atPosition`.
   */
  readonly atomicBatch: boolean;
  /**
   * true: `renameCollection(..., { dropTarget: true })` replaces the target in one step. false:
   * the adapter may drop the target and then rename, so readers can briefly find it empty.
   */
  readonly atomicSwap: boolean;
}

export interface StoredDocument {
  _id: string;
}

/** A document whose shape the caller does not declare. */
export type AnyDocument = StoredDocument & { [field: string]: unknown };

export type { JsonObject, JsonPrimitive, JsonValue };

/** Field the position guard stamps on every document it writes (`atPosition`). */
export const POSITION_FIELD = '_position';

export interface Collection<T extends StoredDocument = AnyDocument> {
  readonly name: string;
  findOne(filter?: Filter<T>, options?: FindOneOptions<T>): Promise<T | null>;
  find(filter?: Filter<T>, options?: FindOptions<T>): Promise<T[]>;
  /**
   * Keyset pagination: the cursor encodes the sort values and `_id` of the last item, so pages
   * stay stable while documents are inserted. Every sort field must hold one scalar type (or be
   * null/missing) across the collection; `_id` is the final tie-breaker.
   */
  findPage(filter: Filter<T>, options: PageOptions<T>): Promise<Page<T>>;
  count(filter?: Filter<T>): Promise<number>;
  /** Generates a UUIDv7 `_id` when the document has none; resolves the `_id`. */
  insertOne(document: NewDocument<T>): Promise<string>;
  insertMany(documents: readonly NewDocument<T>[]): Promise<string[]>;
  replaceOne(filter: Filter<T>, replacement: NewDocument<T>, options?: WriteOptions): Promise<UpdateResult>;
  updateOne(filter: Filter<T>, update: Update<T>, options?: WriteOptions): Promise<UpdateResult>;
  updateMany(
    filter: Filter<T>,
    update: Update<T>,
    options?: Omit<WriteOptions, 'upsert'>,
  ): Promise<UpdateResult>;
  /** `updateOne` with `upsert: true`. */
  upsert(filter: Filter<T>, update: Update<T>, options?: Omit<WriteOptions, 'upsert'>): Promise<UpdateResult>;
  deleteOne(filter: Filter<T>, options?: Pick<WriteOptions, 'atPosition'>): Promise<number>;
  deleteMany(filter: Filter<T>, options?: Pick<WriteOptions, 'atPosition'>): Promise<number>;
  /** `ReadStore.writeBatch` for this collection only; same guarantees. */
  bulkWrite(operations: readonly WriteOperation<T>[]): Promise<BatchWriteResult>;
  /** Idempotent for an identical spec; resolves the index name. */
  createIndex(spec: IndexSpec<T>): Promise<string>;
  dropIndex(name: string): Promise<void>;
  /** Includes the implicit unique `_id_` index. */
  listIndexes(): Promise<IndexDescription[]>;
  aggregate<R extends JsonObject = JsonObject>(pipeline: readonly PipelineStage[]): Promise<R[]>;
  drop(): Promise<boolean>;
}

/** A document to insert or to replace with: `_id` may be left out. */
export type NewDocument<T extends StoredDocument> = Omit<T, '_id'> & { _id?: string };

export type SortDirection = 1 | -1;
/** Keys in priority order (object key order); `_id` is appended as the last tie-breaker. */
export type Sort<T = unknown> = { [K in FieldPath<T>]?: SortDirection } & Record<string, SortDirection>;
/** Inclusion (`1`) or exclusion (`0`) of fields; `_id` is included unless set to 0. */
export type Projection = Record<string, 0 | 1 | boolean>;

export interface FindOneOptions<T> {
  sort?: Sort<T>;
  projection?: Projection;
}

export interface FindOptions<T> extends FindOneOptions<T> {
  skip?: number;
  limit?: number;
}

export interface PageOptions<T> {
  sort?: Sort<T>;
  /** 1..1000 */
  limit: number;
  /** `nextCursor` of the previous page; omitted for the first page. */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** null when this is the last page. */
  nextCursor: string | null;
}

export interface WriteOptions {
  /** Insert a document when none matches: equality fields of the filter seed it, then the update applies. */
  upsert?: boolean;
  /**
   * Idempotency by event position: only documents whose `_position` is missing or lower are
   * changed, and they get `_position = atPosition`. An upsert whose document already exists at
   * or past the position is a no-op (matched 0), never a duplicate-key error.
   */
  atPosition?: number;
}

export interface UpdateResult {
  matched: number;
  modified: number;
  upsertedId: string | null;
}

export interface BatchWriteResult {
  inserted: number;
  matched: number;
  modified: number;
  deleted: number;
  upserted: number;
}

export type WriteOperation<T extends StoredDocument = AnyDocument> =
  | { insertOne: { document: NewDocument<T> } }
  | { updateOne: { filter: Filter<T>; update: Update<T> } & WriteOptions }
  | { updateMany: { filter: Filter<T>; update: Update<T>; atPosition?: number } }
  | { replaceOne: { filter: Filter<T>; replacement: NewDocument<T> } & WriteOptions }
  | { deleteOne: { filter: Filter<T>; atPosition?: number } }
  | { deleteMany: { filter: Filter<T>; atPosition?: number } };

export interface CollectionWrite {
  collection: string;
  operation: WriteOperation;
}

export interface IndexSpec<T = unknown> {
  /** Compound when several keys; key order is the index order. */
  fields: { [K in FieldPath<T>]?: SortDirection } & Record<string, SortDirection>;
  unique?: boolean;
  /** Defaults to MongoDB's `<field>_<dir>_...` naming. */
  name?: string;
}

export interface IndexDescription {
  name: string;
  fields: Record<string, SortDirection>;
  unique: boolean;
}

// ---- filters -------------------------------------------------------------------------------

/** Top-level keys of T; dotted paths (`metrics.likes`) are accepted as plain strings. */
export type FieldPath<T> = T extends object ? Extract<keyof T, string> : never;

type ElementOf<V> = V extends readonly (infer E)[] ? E : V;
type Comparable<V> = ElementOf<V> | V | null;

export interface FieldOperators<V = unknown> {
  $eq?: Comparable<V>;
  $ne?: Comparable<V>;
  $gt?: ElementOf<V>;
  $gte?: ElementOf<V> | null;
  $lt?: ElementOf<V>;
  $lte?: ElementOf<V> | null;
  $in?: readonly Comparable<V>[];
  $nin?: readonly Comparable<V>[];
  $exists?: boolean;
  /** Array field holds every listed value. */
  $all?: readonly ElementOf<V>[];
  /** Array field has exactly this many elements. */
  $size?: number;
  $not?: FieldOperators<V>;
}

export type Condition<V> = Comparable<V> | FieldOperators<V>;

export type Filter<T = unknown> = {
  [K in FieldPath<T>]?: Condition<T[K]>;
} & {
  $and?: readonly Filter<T>[];
  $or?: readonly Filter<T>[];
  $nor?: readonly Filter<T>[];
} & Record<string, unknown>;

// ---- updates -------------------------------------------------------------------------------

export interface Update<T = unknown> {
  $set?: { [K in FieldPath<T>]?: T[K] } & Record<string, unknown>;
  /** Applied only when an upsert inserts. */
  $setOnInsert?: { [K in FieldPath<T>]?: T[K] } & Record<string, unknown>;
  $unset?: Record<string, '' | 1 | true>;
  $inc?: Record<string, number>;
  /** A value, or `{ $each: [...] }` to append several. */
  $push?: Record<string, unknown>;
  /** Removes every element equal to the scalar value (strings, numbers, booleans, null). */
  $pull?: Record<string, JsonPrimitive>;
}

// ---- aggregation ---------------------------------------------------------------------------

/** `"$field.path"` references a field; anything else is a literal. */
export type FieldReference = `$${string}`;

export type Accumulator =
  | { $sum: FieldReference | number }
  | { $avg: FieldReference }
  | { $min: FieldReference }
  | { $max: FieldReference }
  | { $first: FieldReference }
  | { $last: FieldReference }
  | { $push: FieldReference }
  | { $count: Record<string, never> };

export type GroupKey = null | FieldReference | Record<string, FieldReference>;

export type PipelineStage =
  | { $match: Filter }
  | { $group: { _id: GroupKey } & Record<string, Accumulator | GroupKey> }
  | { $sort: Record<string, SortDirection> }
  | { $limit: number }
  | { $skip: number }
  /** Inclusion/exclusion (`0`/`1`) or a new field taken from `"$path"`. */
  | { $project: Record<string, 0 | 1 | boolean | FieldReference> }
  | { $unwind: FieldReference | { path: FieldReference; preserveNullAndEmptyArrays?: boolean } }
  | { $count: string };
