import type Database from 'better-sqlite3';
import { HeraldError } from '@herald/shared-kernel';
import type { CheckpointStore } from '../event-store.port';

/**
 * Checkpoints in the same SQLite file as the events, so a backup of the file carries both and
 * a restored store never has subscribers ahead of its log.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly loadStatement: Database.Statement<[string], { position: number }>;
  private readonly saveStatement: Database.Statement<[string, number]>;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
      subscriber_id TEXT PRIMARY KEY,
      position INTEGER NOT NULL
    ) WITHOUT ROWID`);
    this.loadStatement = db.prepare('SELECT position FROM checkpoints WHERE subscriber_id = ?');
    this.saveStatement = db.prepare(
      'INSERT INTO checkpoints (subscriber_id, position) VALUES (?, ?) ON CONFLICT (subscriber_id) DO UPDATE SET position = excluded.position',
    );
  }

  async load(subscriberId: string): Promise<number | null> {
    return this.loadStatement.get(subscriberId)?.position ?? null;
  }

  async save(subscriberId: string, position: number): Promise<void> {
    if (!Number.isInteger(position) || position < 0) {
      throw new HeraldError('VALIDATION.FAILED', 'a checkpoint is a global position >= 0', { subscriberId, position });
    }
    this.saveStatement.run(subscriberId, position);
  }
}
