import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ContractStoreOptions, EventStoreContractFixture, RawEventAccess } from '../../contract/event-store.contract';
import { TransientReadFaults } from '../../core/read-faults';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../sqlite-event-store';

/** A fresh store in its own temporary directory; `cleanup` closes it and deletes the files. */
export async function openTemporarySqliteStore(
  options: ContractStoreOptions & Partial<SqliteEventStoreOptions> = {},
): Promise<EventStoreContractFixture & { store: SqliteEventStore; path: string; raw: RawEventAccess; readFaults: TransientReadFaults }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-es-'));
  const file = path.join(dir, 'events.sqlite');
  const readFaults = new TransientReadFaults();
  const store = await SqliteEventStore.open({ pollIntervalMs: 50, resubscribeBackoff: { initialMs: 10, maxMs: 200 }, readFaults, ...options, path: file });
  return {
    store,
    path: file,
    readFaults,
    raw: sqliteRawAccess(file),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Tampering through a second connection, as someone with the file would. */
export function sqliteRawAccess(file: string): RawEventAccess {
  const withDb = <T>(body: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return body(db);
    } finally {
      db.close();
    }
  };
  const changed = (changes: number, what: string) => {
    if (changes === 0) throw new Error(`raw access: no row for ${what}`);
  };
  return {
    readData: async (streamId, revision) =>
      withDb((db) => {
        const row = db.prepare<[string, number], { data: string }>('SELECT data FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision);
        if (row === undefined) throw new Error(`raw access: no event ${streamId}@${revision}`);
        return JSON.parse(row.data) as unknown;
      }),
    editData: async (streamId, revision, data) =>
      withDb((db) => changed(db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(JSON.stringify(data), streamId, revision).changes, `${streamId}@${revision}`)),
    remove: async (streamId, revision) =>
      withDb((db) => changed(db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(streamId, revision).changes, `${streamId}@${revision}`)),
    swap: async (streamId, a, b) =>
      withDb((db) =>
        db.transaction(() => {
          const move = db.prepare('UPDATE events SET revision = ? WHERE stream_id = ? AND revision = ?');
          changed(move.run(-1, streamId, a).changes, `${streamId}@${a}`);
          changed(move.run(a, streamId, b).changes, `${streamId}@${b}`);
          move.run(b, streamId, -1);
        })(),
      ),
    corruptData: async (streamId, revision) =>
      withDb((db) => changed(db.prepare("UPDATE events SET data = '{\"truncated' WHERE stream_id = ? AND revision = ?").run(streamId, revision).changes, `${streamId}@${revision}`)),
  };
}
