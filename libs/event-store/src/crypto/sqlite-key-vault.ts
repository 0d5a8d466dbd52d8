import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import type { KeyVault } from './key-vault.port';
import { assertMasterKey, KEY_BYTES, unwrapKey, wrapKey } from './key-wrapping';

export interface SqliteKeyVaultOptions {
  /** File of the vault database (`:memory:` for a throw-away vault). Keep it out of event-store backups. */
  readonly filename: string;
  /** 32 bytes from `HERALD_MASTER_KEY` (see `masterKeyFromBase64`). */
  readonly masterKey: Buffer;
  readonly clock?: Clock;
}

interface KeyRow {
  readonly wrapped: Buffer | null;
  readonly forgotten_at: string | null;
}

/** Subject under which the vault stores a check value, so a wrong master key fails at open. */
const CHECK_SUBJECT = '$vault-check';

/**
 * Key vault on SQLite (embedded mode). Keys are stored wrapped by the master key; erasure
 * replaces the wrapped key by a tombstone row, so the subject can never get a new key and
 * `get` answers null forever. Safe for several processes on one file: creation is an
 * insert-or-keep, so two racing `getOrCreate` calls end up with the same key.
 */
export class SqliteKeyVault implements KeyVault {
  private readonly db: Database.Database;
  private readonly masterKey: Buffer;
  private readonly clock: Clock;

  constructor(options: SqliteKeyVaultOptions) {
    assertMasterKey(options.masterKey);
    this.masterKey = Buffer.from(options.masterKey);
    this.clock = options.clock ?? systemClock;
    this.db = new Database(options.filename);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      // forget() nulls the wrapped key; without this the old bytes survive in the file's free space.
      this.db.pragma('secure_delete = ON');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS subject_keys (
          subject_id   TEXT PRIMARY KEY,
          wrapped      BLOB,
          created_at   TEXT NOT NULL,
          forgotten_at TEXT,
          CHECK ((wrapped IS NULL) = (forgotten_at IS NOT NULL))
        ) STRICT;
        CREATE TABLE IF NOT EXISTS vault_check (id INTEGER PRIMARY KEY CHECK (id = 1), wrapped BLOB NOT NULL) STRICT;
      `);
      this.checkMasterKey();
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  async getOrCreate(subjectId: string): Promise<Buffer> {
    assertSubjectId(subjectId);
    const insert = this.db.prepare(
      'INSERT INTO subject_keys (subject_id, wrapped, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING',
    );
    const row = this.db
      .transaction((): KeyRow => {
        insert.run(
          subjectId,
          wrapKey(this.masterKey, subjectId, randomBytes(KEY_BYTES)),
          this.clock.now().toISOString(),
        );
        return this.row(subjectId) as KeyRow;
      })
      .immediate();
    if (row.wrapped === null) {
      throw new HeraldError(
        'PRIVACY.SUBJECT_ERASED',
        'This data subject was erased; no new personal data may be stored for it.',
        {
          subjectId,
        },
      );
    }
    return unwrapKey(this.masterKey, subjectId, row.wrapped);
  }

  async get(subjectId: string): Promise<Buffer | null> {
    assertSubjectId(subjectId);
    const row = this.row(subjectId);
    return row?.wrapped ? unwrapKey(this.masterKey, subjectId, row.wrapped) : null;
  }

  async isForgotten(subjectId: string): Promise<boolean> {
    assertSubjectId(subjectId);
    return this.row(subjectId)?.forgotten_at != null;
  }

  async forget(subjectId: string): Promise<void> {
    assertSubjectId(subjectId);
    // The tombstone is written even for a subject that never had a key: erasure must also stop
    // personal data of that subject from being stored later.
    this.db
      .prepare(
        `INSERT INTO subject_keys (subject_id, wrapped, created_at, forgotten_at) VALUES (@id, NULL, @now, @now)
         ON CONFLICT (subject_id) DO UPDATE SET wrapped = NULL, forgotten_at = COALESCE(forgotten_at, @now)`,
      )
      .run({ id: subjectId, now: this.clock.now().toISOString() });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private row(subjectId: string): KeyRow | undefined {
    return this.db
      .prepare('SELECT wrapped, forgotten_at FROM subject_keys WHERE subject_id = ?')
      .get(subjectId) as KeyRow | undefined;
  }

  private checkMasterKey(): void {
    const existing = this.db.prepare('SELECT wrapped FROM vault_check WHERE id = 1').get() as
      { wrapped: Buffer } | undefined;
    if (existing) {
      unwrapKey(this.masterKey, CHECK_SUBJECT, existing.wrapped);
      return;
    }
    this.db
      .prepare('INSERT INTO vault_check (id, wrapped) VALUES (1, ?) ON CONFLICT (id) DO NOTHING')
      .run(wrapKey(this.masterKey, CHECK_SUBJECT, randomBytes(KEY_BYTES)));
    // Another process may have created the vault between the read and the insert.
    const stored = this.db.prepare('SELECT wrapped FROM vault_check WHERE id = 1').get() as {
      wrapped: Buffer;
    };
    unwrapKey(this.masterKey, CHECK_SUBJECT, stored.wrapped);
  }
}

function assertSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.startsWith('$')) {
    throw new HeraldError(
      'VALIDATION.FAILED',
      'A data subject id must be a non-empty string not starting with "$".',
      {
        field: 'subjectId',
      },
    );
  }
}
