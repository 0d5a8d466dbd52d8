import { HeraldError } from '@herald/shared-kernel';
import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import type {
  AnyDocument,
  BatchWriteResult,
  Collection,
  CollectionWrite,
  ReadStore,
  ReadStoreGuarantees,
  StoredDocument,
} from '../read-store.port';
import { assertName } from '../query/names';
import { normalizeWrite, type NormalizedWrite } from '../query/write-model';
import { emptyOutcome } from './mongo-bulk';
import { MongoReadCollection, type MongoContext } from './mongo-collection';
import { MONGO_CODES, mapMongoError, serverCode } from './mongo-errors';

export interface MongoReadStoreOptions {
  /** mongodb://… connection string (MONGODB_URL). */
  url: string;
  database: string;
  /** Fail fast when the server is unreachable instead of the driver's 30 s default. */
  serverSelectionTimeoutMs?: number;
  clientOptions?: MongoClientOptions;
}

/**
 * ReadStore over the `mongodb` driver, limited to what both MongoDB and FerretDB 1.24 do: no
 * transactions, no change streams. Consequences, reflected in `guarantees`:
 * - `writeBatch` is ordered and stops at the first failure (a prefix may be applied), so
 *   projections pass `atPosition` on every write and write their checkpoint last;
 * - `renameCollection` with `dropTarget` falls back to drop-then-rename on FerretDB, which lacks
 *   the option, so readers may briefly see the collection missing during a swap.
 * The client uses `ignoreUndefined` so `undefined` properties vanish as they do in JSON.
 */
export class MongoReadStore implements ReadStore {
  readonly guarantees: ReadStoreGuarantees = { atomicBatch: false, atomicSwap: false };
  private fullPipelines: Promise<boolean> | null = null;
  private readonly context: MongoContext;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.context = {
      serverRunsFullPipelines: () => this.detectFullPipelines(),
      dropCollection: (name) => this.dropCollection(name),
    };
  }

  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStore> {
    if (!/^[A-Za-z0-9_-]{1,63}$/.test(options.database)) {
      throw new HeraldError('READ_STORE.INVALID_NAME', `"${options.database}" is not a valid database name`, {
        name: options.database,
      });
    }
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
      ...options.clientOptions,
      ignoreUndefined: true,
    });
    try {
      await client.connect();
      await client.db(options.database).command({ ping: 1 });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw mapMongoError(error, options.database);
    }
    return new MongoReadStore(client, client.db(options.database));
  }

  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T> {
    assertName(name, 'collection');
    return new MongoReadCollection<T>(this.db.collection(name), this.context);
  }

  async writeBatch(writes: readonly CollectionWrite[]): Promise<BatchWriteResult> {
    const normalized = writes.map(({ collection, operation }) => {
      assertName(collection, 'collection');
      return { collection, write: normalizeWrite(operation) };
    });
    const total = emptyOutcome();
    // Consecutive writes to one collection go as one ordered bulk write; order across
    // collections is kept, so a checkpoint written last is written only after the model.
    for (let start = 0; start < normalized.length;) {
      const collection = normalized[start].collection;
      let end = start;
      const group: NormalizedWrite[] = [];
      while (end < normalized.length && normalized[end].collection === collection)
        group.push(normalized[end++].write);
      const outcome = await new MongoReadCollection(this.db.collection(collection), this.context).run(group);
      total.inserted += outcome.inserted;
      total.matched += outcome.matched;
      total.modified += outcome.modified;
      total.deleted += outcome.deleted;
      total.upserted += outcome.upserted;
      start = end;
    }
    const { upsertedIds: _ids, ...result } = total;
    return result;
  }

  async listCollections(): Promise<string[]> {
    const collections = await this.guard('listCollections', () =>
      this.db.listCollections({}, { nameOnly: true }).toArray(),
    );
    return collections
      .map((c) => c.name)
      .filter((name) => !name.startsWith('system.'))
      .sort();
  }

  async dropCollection(name: string): Promise<boolean> {
    assertName(name, 'collection');
    // Drivers disagree on whether dropping a missing collection resolves true; ask first.
    if (!(await this.exists(name))) return false;
    try {
      await this.db.dropCollection(name);
      return true;
    } catch (error) {
      if (serverCode(error) === MONGO_CODES.namespaceNotFound) return false;
      throw mapMongoError(error, name);
    }
  }

  async renameCollection(from: string, to: string, options: { dropTarget?: boolean } = {}): Promise<void> {
    assertName(from, 'collection');
    assertName(to, 'collection');
    if (from === to)
      throw new HeraldError('READ_STORE.COLLECTION_EXISTS', `Cannot rename ${from} to itself`, { name: to });
    try {
      await this.db.renameCollection(from, to, { dropTarget: options.dropTarget === true });
      return;
    } catch (error) {
      const code = serverCode(error);
      if (code === MONGO_CODES.namespaceNotFound)
        throw new HeraldError('READ_STORE.COLLECTION_NOT_FOUND', `Collection ${from} does not exist`, {
          name: from,
        });
      if (code === MONGO_CODES.namespaceExists)
        throw new HeraldError('READ_STORE.COLLECTION_EXISTS', `Collection ${to} already exists`, {
          name: to,
        });
      if (code !== MONGO_CODES.notImplemented || !options.dropTarget) throw mapMongoError(error, from);
    }
    // FerretDB: no dropTarget. Not atomic (see guarantees.atomicSwap).
    if (!(await this.exists(from)))
      throw new HeraldError('READ_STORE.COLLECTION_NOT_FOUND', `Collection ${from} does not exist`, {
        name: from,
      });
    await this.dropCollection(to);
    await this.guard(from, () => this.db.renameCollection(from, to));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Drops the whole database; for test set-ups that use a throwaway database per run. */
  async dropDatabase(): Promise<void> {
    await this.guard(this.db.databaseName, () => this.db.dropDatabase());
  }

  private async exists(name: string): Promise<boolean> {
    const found = await this.guard(name, () =>
      this.db.listCollections({ name }, { nameOnly: true }).toArray(),
    );
    return found.length > 0;
  }

  private detectFullPipelines(): Promise<boolean> {
    this.fullPipelines ??= this.db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => !('ferretdbVersion' in info))
      .catch((error: unknown) => {
        this.fullPipelines = null;
        throw mapMongoError(error, 'buildInfo');
      });
    return this.fullPipelines;
  }

  private async guard<R>(collection: string, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      throw mapMongoError(error, collection);
    }
  }
}
