import Database from 'better-sqlite3';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import { streamCategory, type NewEvent, type RecordedEvent } from '../envelope/envelope';
import { canonicalJson } from '../envelope/hash-chain';
import { metadataWithoutHashes } from '../core/stored-event';
import type {
  AllFilter,
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
  Subscription,
  VerifyResult,
} from '../event-store.port';
import type { PersonalDataProtector } from '../crypto/personal-data-cipher.port';
import type { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { SqliteCheckpointStore } from '../checkpoints/sqlite-checkpoint-store';
import { validateAppend } from '../core/append-validation';
import { AllSubscription, type ResubscribeBackoff } from '../core/all-subscription';
import { verifyChain } from '../core/hash-chain-verifier';
import { toRecordedEvents, type ReadPipeline } from '../core/read-pipeline';
import { validateReadAll, validateReadStream } from '../core/read-validation';
import type { TransientReadFaults } from '../core/read-faults';
import { GroupCommitWriter, type PreparedEvent } from './group-commit-writer';
import { rowToStoredEvent } from './sqlite-event-rows';
import { EVENT_COLUMNS, openSchema, type EventRow, type SqliteSynchronous } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** Database file. Must be a file: WAL needs one, and an event store that forgets on exit is not one. */
  readonly path: string;
  /** See sqlite-schema.ts: FULL (default) makes every acknowledged append survive a power loss. */
  readonly synchronous?: SqliteSynchronous;
  readonly upcasters?: UpcasterRegistry;
  /** Encrypts personal fields before they are stored; without one, data is stored as given. */
  readonly protector?: PersonalDataProtector;
  /** Commit timestamps (`occurredAt`, and so `asOf`). */
  readonly clock?: Clock;
  /** How long a write waits for another process holding the write lock. */
  readonly busyTimeoutMs?: number;
  /** How often live subscriptions look for appends by other processes. */
  readonly pollIntervalMs?: number;
  readonly resubscribeBackoff?: ResubscribeBackoff;
  /** Test hook: makes subscription reads fail as a dropped connection would. */
  readonly readFaults?: TransientReadFaults;
}

export interface SqliteDurability {
  readonly journalMode: string;
  readonly synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  readonly busyTimeoutMs: number;
}

const NO_LIMIT = -1;
/** Sorts after every ISO-8601 timestamp: "no asOf bound". */
const END_OF_TIME = '\uffff';

/** The embedded event store (DESIGN.md): one SQLite file in WAL mode, durable on commit. */
export class SqliteEventStore implements EventStore {
  readonly checkpoints: CheckpointStore;
  private readonly writer: GroupCommitWriter;
  private readonly pipeline: ReadPipeline;
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly allStatements = new Map<string, Database.Statement<unknown[], EventRow>>();
  private closed = false;
  private readonly statements;

  private constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteEventStoreOptions,
  ) {
    this.checkpoints = new SqliteCheckpointStore(db);
    this.pipeline = { protector: options.protector, upcasters: options.upcasters };
    this.writer = new GroupCommitWriter(db, options.clock ?? systemClock, () => this.listeners.forEach((listener) => listener()));
    this.statements = {
      forwards: db.prepare<[string, number, number, string, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? AND occurred_at <= ? ORDER BY revision ASC LIMIT ?`,
      ),
      backwards: db.prepare<[string, number, number, string, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? AND occurred_at <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      head: db.prepare<[], { head: number }>('SELECT COALESCE(MAX(position), 0) AS head FROM events'),
      streamHead: db.prepare<[string], { last_revision: number; last_hash: string }>('SELECT last_revision, last_hash FROM streams WHERE stream_id = ?'),
      wholeStream: db.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision ASC`),
    };
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const db = new Database(options.path);
    try {
      openSchema(db, options.synchronous ?? 'FULL', options.busyTimeoutMs ?? 5000);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteEventStore(db, options);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, options);
    const { protector } = this.options;
    const prepared: PreparedEvent[] = [];
    let lastMetadata: unknown;
    let lastMetadataJson = '';
    for (const event of events) {
      const personalFields = event.personalFields ?? [];
      const data = protector !== undefined && personalFields.length > 0 ? await protector.encrypt(event.data, personalFields) : event.data;
      // Events of one command usually share one metadata object: serialise it once.
      if (event.metadata !== lastMetadata) {
        lastMetadata = event.metadata;
        lastMetadataJson = canonicalJson(metadataWithoutHashes(event.metadata));
      }
      prepared.push({
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        // undefined has no JSON form; stored and hashed as null alike.
        dataJson: data === undefined ? 'null' : canonicalJson(data),
        metadataJson: lastMetadataJson,
        personalFieldsJson: personalFields.length === 0 ? '[]' : canonicalJson(personalFields),
      });
    }
    this.assertOpen();
    return this.writer.enqueue({ streamId, category: streamCategory(streamId), expected: options.expectedRevision, events: prepared });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateReadStream(options);
    const asOf = options.asOf === undefined ? END_OF_TIME : options.asOf.toISOString();
    const limit = options.maxCount ?? NO_LIMIT;
    const rows =
      options.direction === 'backwards'
        ? this.statements.backwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, options.toRevision ?? 0, asOf, limit)
        : this.statements.forwards.all(streamId, options.fromRevision ?? 0, options.toRevision ?? Number.MAX_SAFE_INTEGER, asOf, limit);
    return toRecordedEvents(rows.map(rowToStoredEvent), this.pipeline);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateReadAll(options);
    return this.readAllNow(options.afterPosition ?? 0, options.maxCount ?? NO_LIMIT, options.filter);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.statements.head.get()?.head ?? 0;
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const subscription = new AllSubscription(
      {
        read: async (afterPosition, maxCount, filter) => {
          this.assertOpen();
          this.options.readFaults?.throwIfArmed();
          return this.readAllNow(afterPosition, maxCount, filter);
        },
        onAppended: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
        checkpoints: this.checkpoints,
        pollIntervalMs: this.options.pollIntervalMs ?? 250,
        backoff: this.options.resubscribeBackoff ?? { initialMs: 100, maxMs: 30_000 },
      },
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.finished.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async verify(streamId: string): Promise<VerifyResult> {
    this.assertOpen();
    const rows = this.statements.wholeStream.all(streamId);
    const head = this.statements.streamHead.get(streamId);
    const stored = [];
    for (const row of rows) {
      try {
        stored.push(rowToStoredEvent(row));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { streamId, ok: false, eventsChecked: stored.length, brokenAtRevision: row.revision, reason };
      }
    }
    return verifyChain(streamId, stored, head === undefined ? null : { lastRevision: head.last_revision, lastHash: head.last_hash });
  }

  /** The settings the connection actually runs with, read back from SQLite (health checks, specs). */
  durability(): SqliteDurability {
    this.assertOpen();
    const synchronous = Number(this.db.pragma('synchronous', { simple: true }));
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[synchronous] ?? 'OFF',
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  /** Writes what is queued, stops the subscriptions, closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private async readAllNow(afterPosition: number, maxCount: number, filter: AllFilter | undefined): Promise<RecordedEvent[]> {
    const categories = filter?.categories ?? [];
    const types = filter?.eventTypes ?? [];
    const rows = this.allStatement(categories.length, types.length).all(afterPosition, ...categories, ...types, maxCount);
    return toRecordedEvents(rows.map(rowToStoredEvent), this.pipeline);
  }

  private allStatement(categories: number, types: number): Database.Statement<unknown[], EventRow> {
    const key = `${categories}:${types}`;
    let statement = this.allStatements.get(key);
    if (statement === undefined) {
      const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
      const where = ['position > ?'];
      if (categories > 0) where.push(`category IN (${placeholders(categories)})`);
      if (types > 0) where.push(`type IN (${placeholders(types)})`);
      statement = this.db.prepare<unknown[], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT ?`);
      this.allStatements.set(key, statement);
    }
    return statement;
  }

  private assertOpen(): void {
    if (this.closed) throw new HeraldError('EVENT_STORE.CLOSED', 'the event store is closed');
  }
}
