import type {
  AnyBulkWriteOperation,
  BulkWriteResult as MongoBulkResult,
  Collection as MongoCollection,
  Document,
} from 'mongodb';
import type { BatchWriteResult } from '../read-store.port';
import type { NormalizedWrite } from '../query/write-model';
import { isDuplicateKey, mapMongoError } from './mongo-errors';

export interface BulkOutcome extends BatchWriteResult {
  /** Upserted ids by the index of the write in the input. */
  upsertedIds: Map<number, string>;
}

export function emptyOutcome(): BulkOutcome {
  return { inserted: 0, matched: 0, modified: 0, deleted: 0, upserted: 0, upsertedIds: new Map() };
}

function toModel(write: NormalizedWrite): AnyBulkWriteOperation<Document> {
  switch (write.kind) {
    case 'insert':
      return { insertOne: { document: write.document } };
    case 'update': {
      const spec = { filter: write.filter, update: write.updateDocument, upsert: write.upsert };
      return write.multi ? { updateMany: spec } : { updateOne: spec };
    }
    case 'replace':
      return { replaceOne: { filter: write.filter, replacement: write.replacement, upsert: write.upsert } };
    case 'delete':
      return write.multi ? { deleteMany: { filter: write.filter } } : { deleteOne: { filter: write.filter } };
  }
}

function add(outcome: BulkOutcome, result: MongoBulkResult | undefined, offset: number): void {
  if (!result) return;
  outcome.inserted += result.insertedCount;
  outcome.matched += result.matchedCount;
  outcome.modified += result.modifiedCount;
  outcome.deleted += result.deletedCount;
  outcome.upserted += result.upsertedCount;
  for (const [index, id] of Object.entries(result.upsertedIds ?? {}))
    outcome.upsertedIds.set(offset + Number(index), String(id));
}

function failedIndex(error: unknown): number | null {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const first: unknown = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  const index =
    typeof first === 'object' && first !== null ? (first as { index?: unknown }).index : undefined;
  return typeof index === 'number' ? index : null;
}

/**
 * Ordered bulk write: the server applies writes in order and stops at the first failure, so a
 * failed batch leaves exactly the writes before it applied (no multi-document transactions on
 * FerretDB). A guarded upsert that fails with a duplicate key because its document is already
 * at or past the position is a replay: it is skipped and the rest of the batch is sent again.
 */
export async function runOrdered(
  collection: MongoCollection<Document>,
  writes: readonly NormalizedWrite[],
): Promise<BulkOutcome> {
  const outcome = emptyOutcome();
  const models = writes.map(toModel);
  let start = 0;
  while (start < writes.length) {
    try {
      add(outcome, await collection.bulkWrite(models.slice(start), { ordered: true }), start);
      return outcome;
    } catch (error) {
      const relative = failedIndex(error);
      add(outcome, (error as { result?: MongoBulkResult }).result, start);
      const write = relative === null ? undefined : writes[start + relative];
      if (
        relative === null ||
        !write ||
        !isDuplicateKey(error) ||
        !(await isStaleReplay(collection, write))
      ) {
        throw mapMongoError(error, collection.collectionName);
      }
      start += relative + 1;
    }
  }
  return outcome;
}

async function isStaleReplay(
  collection: MongoCollection<Document>,
  write: NormalizedWrite,
): Promise<boolean> {
  if ((write.kind !== 'update' && write.kind !== 'replace') || !write.upsert || !write.guard) return false;
  return (await collection.countDocuments(write.guard.unguardedFilter, { limit: 1 })) > 0;
}
