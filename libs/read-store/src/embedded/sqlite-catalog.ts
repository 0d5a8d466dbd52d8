import type Database from 'better-sqlite3';
import { assertName } from '../query/names';
import type { SortDirection } from '../read-store.port';
import { splitPath } from '../query/path';

/** 2: `rs_multikey` records which indexes hold several keys for one document. */
const SCHEMA_VERSION = 2;

/**
 * Collections and indexes are rows here; their data lives in tables named by number
 * (`rs_docs_<n>`, `rs_idx_<n>`), never by user-supplied names. That keeps SQL free of quoting
 * problems and makes `renameCollection` a metadata update, so swapping a rebuilt collection
 * over the live one (even with dropTarget) happens in one transaction.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS rs_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT OR IGNORE INTO rs_sequence (id, value) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS rs_collections (
  name     TEXT    PRIMARY KEY,
  table_no INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rs_indexes (
  collection TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  fields     TEXT    NOT NULL,
  is_unique  INTEGER NOT NULL,
  table_no   INTEGER NOT NULL UNIQUE,
  PRIMARY KEY (collection, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rs_multikey (index_table TEXT PRIMARY KEY) WITHOUT ROWID;
`;

export interface CollectionEntry {
  name: string;
  docsTable: string;
}

export interface IndexEntry {
  name: string;
  fields: Array<{ path: string; segments: string[]; direction: SortDirection }>;
  unique: boolean;
  table: string;
  /**
   * Some document has several keys in it (an array field). Range scans then use one bound only,
   * since MongoDB lets different elements meet the two bounds. Set for good once true.
   */
  multikey: boolean;
}

export function openCatalog(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new Error(
      `the read store file has schema version ${version}, newer than this release (${SCHEMA_VERSION})`,
    );
  }
  db.transaction(() => {
    db.exec(DDL);
    if (version === 1) markExistingMultikeyIndexes(db);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** A file from schema 1 has no multikey records: find the indexes that hold several keys per document. */
function markExistingMultikeyIndexes(db: Database.Database): void {
  const tables = db.prepare<[], { table_no: number }>('SELECT table_no FROM rs_indexes').all();
  for (const { table_no: tableNo } of tables) {
    const table = indexTable(tableNo);
    const several = db.prepare(`SELECT 1 FROM ${table} GROUP BY id HAVING COUNT(*) > 1 LIMIT 1`).get();
    if (several !== undefined)
      db.prepare('INSERT OR IGNORE INTO rs_multikey (index_table) VALUES (?)').run(table);
  }
}

export class SqliteCatalog {
  private readonly findCollection: Database.Statement<[string], { table_no: number }>;
  private readonly findIndexes: Database.Statement<
    [string],
    { name: string; fields: string; is_unique: number; table_no: number; multikey: number }
  >;
  private readonly addMultikey: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.findCollection = db.prepare('SELECT table_no FROM rs_collections WHERE name = ?');
    this.findIndexes = db.prepare(
      `SELECT name, fields, is_unique, table_no,
              EXISTS (SELECT 1 FROM rs_multikey WHERE index_table = 'rs_idx_' || table_no) AS multikey
         FROM rs_indexes WHERE collection = ? ORDER BY table_no`,
    );
    this.addMultikey = db.prepare('INSERT OR IGNORE INTO rs_multikey (index_table) VALUES (?)');
  }

  get(name: string): CollectionEntry | null {
    const row = this.findCollection.get(name);
    return row ? { name, docsTable: docsTable(row.table_no) } : null;
  }

  /** Collections appear on first write, as in MongoDB. Call inside a write transaction. */
  ensure(name: string): CollectionEntry {
    assertName(name, 'collection');
    const existing = this.get(name);
    if (existing) return existing;
    const tableNo = this.nextTableNo();
    // seq keeps insertion order, which is the natural order of unsorted reads.
    this.db.exec(
      `CREATE TABLE ${docsTable(tableNo)} (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`,
    );
    this.db.prepare('INSERT INTO rs_collections (name, table_no) VALUES (?, ?)').run(name, tableNo);
    return { name, docsTable: docsTable(tableNo) };
  }

  list(): string[] {
    return this.db
      .prepare<[], { name: string }>('SELECT name FROM rs_collections ORDER BY name')
      .all()
      .map((r) => r.name);
  }

  indexes(collection: string): IndexEntry[] {
    return this.findIndexes.all(collection).map((row) => {
      const fields = JSON.parse(row.fields) as Array<[string, SortDirection]>;
      return {
        name: row.name,
        fields: fields.map(([path, direction]) => ({ path, segments: splitPath(path), direction })),
        unique: row.is_unique === 1,
        table: indexTable(row.table_no),
        multikey: row.multikey === 1,
      };
    });
  }

  /** Inside the write transaction that stores the document with several keys. */
  markMultikey(index: IndexEntry): void {
    if (index.multikey) return;
    this.addMultikey.run(index.table);
    index.multikey = true;
  }

  /** Creates the index table empty; the caller fills it from the collection's documents. */
  addIndex(
    collection: string,
    name: string,
    fields: Array<[string, SortDirection]>,
    unique: boolean,
  ): IndexEntry {
    const tableNo = this.nextTableNo();
    const table = indexTable(tableNo);
    if (unique) {
      this.db.exec(`CREATE TABLE ${table} (key TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID`);
    } else {
      this.db.exec(
        `CREATE TABLE ${table} (key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID`,
      );
    }
    this.db
      .prepare(
        'INSERT INTO rs_indexes (collection, name, fields, is_unique, table_no) VALUES (?, ?, ?, ?, ?)',
      )
      .run(collection, name, JSON.stringify(fields), unique ? 1 : 0, tableNo);
    return {
      name,
      fields: fields.map(([path, direction]) => ({ path, segments: splitPath(path), direction })),
      unique,
      table,
      multikey: false,
    };
  }

  dropIndex(collection: string, name: string): boolean {
    const index = this.indexes(collection).find((i) => i.name === name);
    if (!index) return false;
    this.db.exec(`DROP TABLE ${index.table}`);
    this.db.prepare('DELETE FROM rs_multikey WHERE index_table = ?').run(index.table);
    this.db.prepare('DELETE FROM rs_indexes WHERE collection = ? AND name = ?').run(collection, name);
    return true;
  }

  drop(name: string): boolean {
    const entry = this.get(name);
    if (!entry) return false;
    for (const index of this.indexes(name)) {
      this.db.exec(`DROP TABLE ${index.table}`);
      this.db.prepare('DELETE FROM rs_multikey WHERE index_table = ?').run(index.table);
    }
    this.db.exec(`DROP TABLE ${entry.docsTable}`);
    this.db.prepare('DELETE FROM rs_indexes WHERE collection = ?').run(name);
    this.db.prepare('DELETE FROM rs_collections WHERE name = ?').run(name);
    return true;
  }

  rename(from: string, to: string): void {
    this.db.prepare('UPDATE rs_collections SET name = ? WHERE name = ?').run(to, from);
    this.db.prepare('UPDATE rs_indexes SET collection = ? WHERE collection = ?').run(to, from);
  }

  private nextTableNo(): number {
    const row = this.db
      .prepare<[], { value: number }>('UPDATE rs_sequence SET value = value + 1 WHERE id = 1 RETURNING value')
      .get();
    if (!row) throw new Error('rs_sequence row is missing');
    return row.value;
  }
}

function docsTable(tableNo: number): string {
  return `rs_docs_${tableNo}`;
}

function indexTable(tableNo: number): string {
  return `rs_idx_${tableNo}`;
}
