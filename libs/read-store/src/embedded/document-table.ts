import type Database from 'better-sqlite3';
import { HeraldError } from '@herald/shared-kernel';
import { pinnedValues, type DocumentPredicate } from '../query/filter-matcher';
import type { JsonObject, JsonValue } from '../query/json-value';
import type { SortDirection } from '../read-store.port';
import { indexKeys } from './index-keys';
import { planIndexScan } from './index-plan';
import type { CollectionEntry, IndexEntry, SqliteCatalog } from './sqlite-catalog';

/** better-sqlite3 statements are costly to prepare; SQL differs only by table and IN-list size. */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Undoes just this work if it throws, leaving the surrounding transaction usable. */
  savepoint<R>(work: () => R): R {
    this.prepare('SAVEPOINT rs_write').run();
    try {
      const result = work();
      this.prepare('RELEASE rs_write').run();
      return result;
    } catch (error) {
      this.prepare('ROLLBACK TO rs_write').run();
      this.prepare('RELEASE rs_write').run();
      throw error;
    }
  }

  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.cache.get(sql);
    if (!statement) {
      if (this.cache.size >= 512) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }
}

/** Rows per multi-row INSERT of a bulk insert. */
const ROWS_PER_INSERT = 50;

interface DocRow {
  doc: string;
}

/**
 * Row-level access to one collection: candidate selection through `_id` or an index, then
 * exact matching in JS (one matcher for every query, so semantics never depend on which index
 * was used), and writes that keep every index table in step inside the caller's transaction.
 */
export class DocumentTable {
  readonly indexes: IndexEntry[];

  constructor(
    private readonly statements: StatementCache,
    readonly collection: CollectionEntry,
    private readonly catalog: SqliteCatalog,
  ) {
    this.indexes = catalog.indexes(collection.name);
  }

  savepoint<R>(work: () => R): R {
    return this.statements.savepoint(work);
  }

  /** Registers an empty index; `build` fills it. */
  addIndex(name: string, fields: Array<[string, SortDirection]>, unique: boolean): IndexEntry {
    const index = this.catalog.addIndex(this.collection.name, name, fields, unique);
    this.indexes.push(index);
    return index;
  }

  dropIndex(name: string): void {
    if (this.catalog.dropIndex(this.collection.name, name)) {
      this.indexes.splice(
        this.indexes.findIndex((i) => i.name === name),
        1,
      );
    }
  }

  private prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    return this.statements.prepare<P, R>(sql);
  }

  /** Documents that may match, in insertion order; always a superset of the matches. */
  *candidates(filter: unknown): Generator<JsonObject> {
    const table = this.collection.docsTable;
    const ids = pinnedValues(filter, '_id');
    if (ids && ids.every((id) => typeof id === 'string')) {
      if (ids.length === 0) return;
      const sql = `SELECT doc FROM ${table} WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY seq`;
      for (const row of this.prepare<unknown[], DocRow>(sql).iterate(...ids))
        yield JSON.parse(row.doc) as JsonObject;
      return;
    }
    const scan = planIndexScan(filter, this.indexes);
    if (scan !== null) {
      const sql = `SELECT doc FROM ${table} WHERE id IN (SELECT id FROM ${scan.index.table} WHERE ${scan.sql}) ORDER BY seq`;
      for (const row of this.prepare<unknown[], DocRow>(sql).iterate(...scan.params))
        yield JSON.parse(row.doc) as JsonObject;
      return;
    }
    for (const row of this.prepare<[], DocRow>(`SELECT doc FROM ${table} ORDER BY seq`).iterate()) {
      yield JSON.parse(row.doc) as JsonObject;
    }
  }

  /** Materialises matches (writes must not iterate a table they change). */
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

  /**
   * Writes the row, then its index entries. Runs inside the caller's transaction, which rolls
   * back on a duplicate; `savepoint` isolates a write whose failure the caller absorbs.
   */
  insert(document: JsonObject): void {
    try {
      this.prepare(`INSERT INTO ${this.collection.docsTable} (id, doc) VALUES (?, ?)`).run(
        document._id,
        JSON.stringify(document),
      );
    } catch (error) {
      throw this.mapConstraint(error, '_id_', document._id);
    }
    for (const index of this.indexes) this.insertKeys(index, document, indexKeys(document, index));
  }

  /**
   * `insert` for many new documents at once: the rows first, then each index's keys in key
   * order, which SQLite's B-trees take far faster than keys in document order (a rebuild's
   * flush writes tens of thousands of documents into fresh collections).
   */
  insertMany(documents: readonly JsonObject[]): void {
    this.insertRows(
      this.collection.docsTable,
      '_id_',
      documents.map((document) => [document._id as string, JSON.stringify(document)]),
      'id, doc',
    );
    for (const index of this.indexes) {
      const entries: Array<[string, string]> = [];
      for (const document of documents) {
        const keys = indexKeys(document, index);
        if (keys.length > 1) this.catalog.markMultikey(index);
        for (const key of keys) entries.push([key, document._id as string]);
      }
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      this.insertRows(
        index.table,
        index.name,
        entries.map(([key, id]) => [id, key]),
        'id, key',
      );
    }
  }

  /**
   * Two-column rows, many per statement (fewer calls into SQLite). A constraint failure rolls
   * back just that statement; its rows are then inserted one by one to name the duplicate.
   */
  private insertRows(
    table: string,
    index: string,
    rows: ReadonlyArray<readonly [string, string]>,
    columns: 'id, doc' | 'id, key',
  ): void {
    const one = this.prepare(`INSERT INTO ${table} (${columns}) VALUES (?, ?)`);
    const many = this.prepare(
      `INSERT INTO ${table} (${columns}) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?)').join(', ')}`,
    );
    const insertOne = ([id, value]: readonly [string, string]): void => {
      try {
        one.run(id, value);
      } catch (error) {
        throw this.mapConstraint(error, index, id);
      }
    };
    let i = 0;
    const params: string[] = new Array<string>(ROWS_PER_INSERT * 2);
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      for (let j = 0; j < ROWS_PER_INSERT; j++) {
        params[2 * j] = rows[i + j][0];
        params[2 * j + 1] = rows[i + j][1];
      }
      try {
        many.run(params);
      } catch (error) {
        if (this.mapConstraint(error, index, null) === error) throw error;
        for (let j = 0; j < ROWS_PER_INSERT; j++) insertOne(rows[i + j]);
      }
    }
    for (; i < rows.length; i++) insertOne(rows[i]);
  }

  replace(before: JsonObject, after: JsonObject): void {
    this.prepare(`UPDATE ${this.collection.docsTable} SET doc = ? WHERE id = ?`).run(
      JSON.stringify(after),
      before._id,
    );
    for (const index of this.indexes) {
      const oldKeys = indexKeys(before, index);
      const newKeys = indexKeys(after, index);
      if (oldKeys.length === newKeys.length && oldKeys.every((k, i) => k === newKeys[i])) continue;
      const kept = new Set(newKeys);
      const dropped = new Set(oldKeys);
      this.deleteKeys(
        index,
        before._id,
        oldKeys.filter((key) => !kept.has(key)),
      );
      this.insertKeys(
        index,
        after,
        newKeys.filter((key) => !dropped.has(key)),
        newKeys.length,
      );
    }
  }

  delete(document: JsonObject): void {
    this.prepare(`DELETE FROM ${this.collection.docsTable} WHERE id = ?`).run(document._id);
    for (const index of this.indexes) this.deleteKeys(index, document._id, indexKeys(document, index));
  }

  /**
   * A document's index entries are a pure function of the stored document (`indexKeys`), so they
   * are removed by key: the index tables need no second B-tree on `id`, which halves the cost of
   * every insert.
   */
  private deleteKeys(index: IndexEntry, id: JsonValue | undefined, keys: readonly string[]): void {
    const remove = this.prepare(`DELETE FROM ${index.table} WHERE key = ? AND id = ?`);
    for (const key of keys) remove.run(key, id);
  }

  count(): number {
    const row = this.prepare<[], { n: number }>(
      `SELECT COUNT(*) AS n FROM ${this.collection.docsTable}`,
    ).get();
    return row?.n ?? 0;
  }

  /** Fills a new index from the existing documents; duplicates abort the surrounding transaction. */
  build(index: IndexEntry): void {
    for (const row of this.prepare<[], DocRow>(
      `SELECT doc FROM ${this.collection.docsTable} ORDER BY seq`,
    ).all()) {
      const doc = JSON.parse(row.doc) as JsonObject;
      this.insertKeys(index, doc, indexKeys(doc, index));
    }
  }

  /** `total`: how many keys the document has in the index (`keys` may be only the new ones). */
  private insertKeys(
    index: IndexEntry,
    document: JsonObject,
    keys: readonly string[],
    total = keys.length,
  ): void {
    if (total > 1) this.catalog.markMultikey(index);
    const insert = this.prepare(`INSERT INTO ${index.table} (key, id) VALUES (?, ?)`);
    for (const key of keys) {
      try {
        insert.run(key, document._id);
      } catch (error) {
        throw this.mapConstraint(error, index.name, document._id);
      }
    }
  }

  private mapConstraint(error: unknown, index: string, id: unknown): unknown {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return new HeraldError(
        'READ_STORE.DUPLICATE_KEY',
        `Duplicate key in ${this.collection.name} on index ${index}`,
        { collection: this.collection.name, index, id },
        { cause: error },
      );
    }
    return error;
  }
}
