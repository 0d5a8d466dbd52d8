import Database from 'better-sqlite3';
import { HeraldError } from '@herald/shared-kernel';
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
import type { JsonObject } from '../query/json-value';
import { normalizeWrite, type NormalizedWrite } from '../query/write-model';
import { DocumentTable, StatementCache } from './document-table';
import { EmbeddedCollection, type EmbeddedContext } from './embedded-collection';
import { emptyResult, executeWrite } from './embedded-writer';
import { openCatalog, SqliteCatalog } from './sqlite-catalog';

export interface EmbeddedReadStoreOptions {
  /** A file path, or ':memory:' for tests that need no durability. */
  filename: string;
  /**
   * NORMAL by default: every commit is atomic and survives a process crash; a power loss can
   * lose the last commits, but a projection's read-model change and checkpoint commit together,
   * so it only resumes from an earlier checkpoint and replays from the event log.
   */
  synchronous?: 'FULL' | 'NORMAL';
  busyTimeoutMs?: number;
  /**
   * SQLite page cache per connection (default 64 MiB). Index tables of large collections are
   * written in random key order; with SQLite's 2 MiB default most of their pages fall out of the
   * cache between writes and every insert pays a read from the file.
   */
  cacheSizeMb?: number;
}

/**
 * The default-mode read store: documents as JSON text in SQLite (better-sqlite3, WAL), durable
 * on disk, so start-up needs no rebuild from the log. Filters run in JS after `_id`/index
 * candidate selection, which keeps MongoDB's semantics (arrays, null vs missing, type
 * bracketing) exact where `json_extract` SQL would differ. Every write and every batch is one
 * SQLite transaction: `atomicBatch` and `atomicSwap` hold.
 */
export class EmbeddedReadStore implements ReadStore {
  readonly guarantees: ReadStoreGuarantees = { atomicBatch: true, atomicSwap: true };
  private readonly catalog: SqliteCatalog;
  private readonly statements: StatementCache;
  private readonly context: EmbeddedContext;

  private constructor(private readonly db: Database.Database) {
    this.catalog = new SqliteCatalog(db);
    this.statements = new StatementCache(db);
    this.context = {
      table: (name, create) => this.table(name, create),
      transaction: (work) => this.inTransaction(work),
      writeBatch: (writes) => this.applyBatch(writes),
      dropCollection: (name) => this.drop(name),
    };
  }

  static open(options: EmbeddedReadStoreOptions): EmbeddedReadStore {
    const db = new Database(options.filename);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      if (options.filename !== ':memory:') {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (typeof mode !== 'string' || mode.toLowerCase() !== 'wal')
          throw new Error(`SQLite refused WAL mode for ${options.filename}`);
      }
      db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      db.pragma(`cache_size = ${-Math.max(2, Math.floor(options.cacheSizeMb ?? 64)) * 1024}`);
      // Erasure clears personal data from documents: SQLite must zero the freed space, or the old
      // plaintext stays readable in the file's free pages.
      db.pragma('secure_delete = ON');
      openCatalog(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new EmbeddedReadStore(db);
  }

  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T> {
    assertName(name, 'collection');
    return new EmbeddedCollection<T>(this.context, name);
  }

  async writeBatch(writes: readonly CollectionWrite[]): Promise<BatchWriteResult> {
    // Validate everything before writing anything.
    const normalized = writes.map(({ collection, operation }) => {
      assertName(collection, 'collection');
      return { collection, write: normalizeWrite(operation) };
    });
    return this.applyBatch(normalized);
  }

  async listCollections(): Promise<string[]> {
    return this.catalog.list();
  }

  async dropCollection(name: string): Promise<boolean> {
    assertName(name, 'collection');
    return this.drop(name);
  }

  async renameCollection(from: string, to: string, options: { dropTarget?: boolean } = {}): Promise<void> {
    assertName(from, 'collection');
    assertName(to, 'collection');
    this.db
      .transaction(() => {
        if (!this.catalog.get(from))
          throw new HeraldError('READ_STORE.COLLECTION_NOT_FOUND', `Collection ${from} does not exist`, {
            name: from,
          });
        if (from === to)
          throw new HeraldError('READ_STORE.COLLECTION_EXISTS', `Cannot rename ${from} to itself`, {
            name: to,
          });
        if (this.catalog.get(to)) {
          if (!options.dropTarget)
            throw new HeraldError('READ_STORE.COLLECTION_EXISTS', `Collection ${to} already exists`, {
              name: to,
            });
          this.catalog.drop(to);
        }
        this.catalog.rename(from, to);
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private table(name: string, create: boolean): DocumentTable | null {
    const entry = create ? this.catalog.ensure(name) : this.catalog.get(name);
    return entry ? new DocumentTable(this.statements, entry, this.catalog) : null;
  }

  private drop(name: string): boolean {
    return this.db.transaction(() => this.catalog.drop(name)).immediate();
  }

  /**
   * BEGIN IMMEDIATE takes the write lock up front (no deadlock upgrading from a read), and plain
   * statements avoid building a better-sqlite3 transaction wrapper per write. Nested calls join
   * the open transaction.
   */
  private inTransaction<R>(work: () => R): R {
    if (this.db.inTransaction) return work();
    this.statements.prepare('BEGIN IMMEDIATE').run();
    try {
      const result = work();
      this.statements.prepare('COMMIT').run();
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.statements.prepare('ROLLBACK').run();
      throw error;
    }
  }

  private applyBatch(
    writes: ReadonlyArray<{ collection: string; write: NormalizedWrite }>,
  ): BatchWriteResult {
    const total = emptyResult();
    this.inTransaction(() => {
      const tables = new Map<string, DocumentTable>();
      for (let i = 0; i < writes.length; i++) {
        const { collection, write } = writes[i];
        const creates =
          write.kind === 'insert' || ((write.kind === 'update' || write.kind === 'replace') && write.upsert);
        let table = tables.get(collection) ?? null;
        if (!table) {
          table = this.table(collection, creates);
          if (!table) continue;
          tables.set(collection, table);
        }
        if (write.kind === 'insert') {
          // A run of inserts into one collection goes in as one bulk insert.
          const run: JsonObject[] = [write.document];
          while (i + 1 < writes.length) {
            const next = writes[i + 1];
            if (next.collection !== collection || next.write.kind !== 'insert') break;
            run.push(next.write.document);
            i += 1;
          }
          if (run.length > 1) {
            table.insertMany(run);
            total.inserted += run.length;
            continue;
          }
        }
        const result = executeWrite(table, write);
        total.inserted += result.inserted;
        total.matched += result.matched;
        total.modified += result.modified;
        total.deleted += result.deleted;
        total.upserted += result.upserted;
      }
    });
    return total;
  }
}
