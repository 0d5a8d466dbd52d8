import type Database from 'better-sqlite3';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

const SCHEMA_VERSION = 1;

/**
 * `position` is the rowid and is assigned by the writer inside the write transaction
 * (head + 1), never by AUTOINCREMENT, so rolled-back work leaves no gap in `$all`. `streams`
 * holds each stream's head: appends check the expected revision and extend the hash chain
 * from it without reading events, and `verify` uses it to notice a removed tail.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  revision        INTEGER NOT NULL,
  category        TEXT    NOT NULL,
  type            TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  occurred_at     TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT    NOT NULL,
  personal_fields TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
CREATE TABLE IF NOT EXISTS streams (
  stream_id     TEXT    PRIMARY KEY,
  last_revision INTEGER NOT NULL,
  last_hash     TEXT    NOT NULL,
  last_position INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * WAL lets readers (subscriptions, other processes) run while one writer commits.
 * `synchronous`:
 * - FULL (default): the WAL is fsynced at every commit, so an acknowledged append survives a
 *   power loss or OS crash. Group commit amortises the fsync over every append of a batch.
 * - NORMAL: fsync only at checkpoints. Still atomic and never corrupt, and a process crash
 *   loses nothing, but a power loss can drop the last acknowledged appends. Only for data that
 *   can be rebuilt (tests, throwaway environments).
 */
export function openSchema(db: Database.Database, synchronous: SqliteSynchronous, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (typeof mode !== 'string' || mode.toLowerCase() !== 'wal') {
    throw new Error(`SQLite refused WAL mode (journal_mode is ${String(mode)}); an in-memory database cannot hold an event store`);
  }
  db.pragma(`synchronous = ${synchronous}`);
  const version = db.pragma('user_version', { simple: true });
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new Error(`the event store file has schema version ${version}, newer than this release (${SCHEMA_VERSION})`);
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export interface EventRow {
  readonly position: number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly schema_version: number;
  readonly occurred_at: string;
  readonly data: string;
  readonly metadata: string;
  readonly personal_fields: string;
}

export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, schema_version, occurred_at, data, metadata, personal_fields';
