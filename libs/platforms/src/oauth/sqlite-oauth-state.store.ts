import type Database from 'better-sqlite3';
import { isSocialPlatform } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';
import type { OAuthStateRecord, OAuthStateStore } from './oauth-state.port';

interface StateRow {
  readonly state_hash: string;
  readonly user_id: string;
  readonly organization_id: string;
  readonly platform: string;
  readonly redirect_uri: string;
  readonly code_verifier: string | null;
  readonly created_at: string;
  readonly expires_at: string;
}

/** Durable pending authorizations for embedded mode, in a SQLite database the caller opens. */
export class SqliteOAuthStateStore implements OAuthStateStore {
  private readonly insert: Database.Statement;
  private readonly takeRow: Database.Statement;
  private readonly purge: Database.Statement;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS oauth_states (
      state_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      organization_id TEXT NOT NULL,
      platform TEXT NOT NULL,
      redirect_uri TEXT NOT NULL,
      code_verifier TEXT,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    )`);
    this.insert = db.prepare(
      `INSERT INTO oauth_states (state_hash, user_id, organization_id, platform, redirect_uri, code_verifier, created_at, expires_at)
       VALUES (@state_hash, @user_id, @organization_id, @platform, @redirect_uri, @code_verifier, @created_at, @expires_at)`,
    );
    // DELETE … RETURNING makes "read and invalidate" one statement: single use holds across processes.
    this.takeRow = db.prepare('DELETE FROM oauth_states WHERE state_hash = ? RETURNING *');
    this.purge = db.prepare('DELETE FROM oauth_states WHERE expires_at < ?');
  }

  async save(record: OAuthStateRecord): Promise<void> {
    try {
      this.insertRow(record);
    } catch (error) {
      // A state is 256 random bits: a collision means someone replays a state on purpose.
      const code = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown };
      if (code.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code.code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new HeraldError('PLATFORM.OAUTH_STATE_INVALID', 'This authorization state is already pending.', {}, { cause: error });
      throw error;
    }
  }

  private insertRow(record: OAuthStateRecord): void {
    this.insert.run({
      state_hash: record.stateHash,
      user_id: record.userId,
      organization_id: record.organizationId,
      platform: record.platform,
      redirect_uri: record.redirectUri,
      code_verifier: record.codeVerifier,
      created_at: record.createdAt,
      expires_at: record.expiresAt,
    });
  }

  async take(stateHash: string): Promise<OAuthStateRecord | null> {
    const row = this.takeRow.get(stateHash) as StateRow | undefined;
    if (row === undefined) return null;
    if (!isSocialPlatform(row.platform))
      throw new Error(`oauth_states holds an unknown platform: ${row.platform}`);
    return {
      stateHash: row.state_hash,
      userId: row.user_id,
      organizationId: row.organization_id,
      platform: row.platform,
      redirectUri: row.redirect_uri,
      codeVerifier: row.code_verifier,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async purgeExpired(now: Date): Promise<number> {
    return this.purge.run(now.toISOString()).changes;
  }
}
