import Database from 'better-sqlite3';
import type { IdempotencyRecord, IdempotencyScope, IdempotencyStore } from './idempotency-store.port';

interface Row {
  fingerprint: string;
  started_at: number;
  status: 'pending' | 'completed';
  result: string | null;
}

export interface SqliteIdempotencyStoreOptions {
  /** A file path (it may be the event store's own database file) or `:memory:`. */
  readonly path: string;
}

/** Embedded adapter: one table, WAL, synchronous=FULL so a completed key survives a power cut. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private constructor(private readonly db: Database.Database) {}

  static open(options: SqliteIdempotencyStoreOptions): SqliteIdempotencyStore {
    const db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS command_idempotency (
        tenant_id    TEXT NOT NULL,
        command_type TEXT NOT NULL,
        key          TEXT NOT NULL,
        fingerprint  TEXT NOT NULL,
        started_at   INTEGER NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('pending', 'completed')),
        result       TEXT,
        PRIMARY KEY (tenant_id, command_type, key)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS command_idempotency_started_at ON command_idempotency (started_at);
    `);
    return new SqliteIdempotencyStore(db);
  }

  async begin(scope: IdempotencyScope, fingerprint: string, startedAt: Date): Promise<IdempotencyRecord> {
    const params = this.params(scope);
    this.db
      .prepare(
        `INSERT INTO command_idempotency (tenant_id, command_type, key, fingerprint, started_at, status)
         VALUES (@tenantId, @commandType, @key, @fingerprint, @startedAt, 'pending')
         ON CONFLICT DO NOTHING`,
      )
      .run({ ...params, fingerprint, startedAt: startedAt.getTime() });
    const row = this.db
      .prepare(
        `SELECT fingerprint, started_at, status, result FROM command_idempotency
         WHERE tenant_id = @tenantId AND command_type = @commandType AND key = @key`,
      )
      .get(params) as Row | undefined;
    if (!row) throw new Error('idempotency record vanished between insert and read');
    return {
      fingerprint: row.fingerprint,
      startedAt: new Date(row.started_at),
      status: row.status,
      ...(row.result === null ? {} : { result: JSON.parse(row.result) as unknown }),
    };
  }

  async complete(scope: IdempotencyScope, result: unknown): Promise<void> {
    this.db
      .prepare(
        `UPDATE command_idempotency SET status = 'completed', result = @result
         WHERE tenant_id = @tenantId AND command_type = @commandType AND key = @key`,
      )
      .run({ ...this.params(scope), result: JSON.stringify(result ?? null) });
  }

  async release(scope: IdempotencyScope): Promise<void> {
    this.db
      .prepare(
        `DELETE FROM command_idempotency
         WHERE tenant_id = @tenantId AND command_type = @commandType AND key = @key AND status = 'pending'`,
      )
      .run(this.params(scope));
  }

  async purgeStartedBefore(instant: Date): Promise<number> {
    return this.db.prepare('DELETE FROM command_idempotency WHERE started_at < ?').run(instant.getTime())
      .changes;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private params(scope: IdempotencyScope) {
    // NULL never equals NULL in a primary key, so tenant-less commands use an empty string.
    return { tenantId: scope.tenantId ?? '', commandType: scope.commandType, key: scope.key };
  }
}
