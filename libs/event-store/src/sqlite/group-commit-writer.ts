import type Database from 'better-sqlite3';
import { HeraldError, type Clock } from '@herald/shared-kernel';
import { GENESIS_HASH } from '../envelope/hash-chain';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { concurrencyConflict, satisfiesExpectedRevision } from '../core/append-validation';
import { resolveRetry, type StoredEventLocation } from '../core/idempotent-retry';
import { sealCanonical } from '../core/stored-event';

/**
 * An event ready to store: validated, personal fields already encrypted, and serialised to
 * canonical JSON before it joins a batch, so the write transaction only hashes and inserts.
 */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly dataJson: string;
  /** Without prevHash/hash. */
  readonly metadataJson: string;
  readonly personalFieldsJson: string;
}

export interface PendingAppend {
  readonly streamId: string;
  readonly category: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
}

interface QueuedAppend extends PendingAppend {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

interface Applied {
  readonly result: AppendResult;
  /** Absent for an idempotent retry, which stores nothing. */
  readonly head?: StreamHead;
  readonly appended: number;
}

class BatchAborted extends Error {
  constructor(override readonly cause: unknown) {
    super('the batch must be rolled back', { cause });
  }
}

/** Stream heads kept in memory; past this many, the cache starts over rather than grow without bound. */
const MAX_CACHED_HEADS = 100_000;

/**
 * Duck-typed on purpose: better-sqlite3 builds its errors with the SqliteError class of the first
 * context that loaded it, so in another realm (a jest test file, a vm) `instanceof Error` is false.
 */
const isEventIdCollision = (error: unknown): boolean => {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.event_id');
};

/**
 * Group commit: every append requested before the event loop comes round is written in ONE
 * SQLite transaction (one fsync), each inside its own SAVEPOINT so a conflict or a failure rolls
 * back that append only. Appends of a batch are applied in arrival order and see the ones before
 * them, so per-stream expected-revision checks stay exact. Positions are assigned here from the
 * head read inside the write lock, so `$all` stays gap-free whatever rolls back.
 *
 * Stream heads are cached. The cache stays exact: it only takes values read or committed inside
 * the write lock, and when the global head moved without us (another process appended) it is
 * dropped before use.
 */
export class GroupCommitWriter {
  private queue: QueuedAppend[] = [];
  private scheduled = false;
  private readonly heads = new Map<string, StreamHead>();
  private knownHeadPosition = -1;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(
    db: Database.Database,
    private readonly clock: Clock,
    private readonly onCommitted: () => void,
  ) {
    this.statements = prepareStatements(db);
  }

  enqueue(append: PendingAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes everything queued, synchronously (better-sqlite3 is synchronous). */
  flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const s = this.statements;
    const outcomes: Array<{ result?: AppendResult; error?: unknown }> = [];
    let overlay = new Map<string, StreamHead>();
    let committedHead = 0;
    try {
      s.begin.run();
      try {
        const last = s.lastEvent.get();
        const head = last?.position ?? 0;
        if (head !== this.knownHeadPosition) this.heads.clear();
        const now = this.clock.now().toISOString();
        // Commit times never go backwards in `$all` (clock steps, other processes' clocks): asOf reads a prefix.
        const occurredAt = last !== undefined && last.occurred_at > now ? last.occurred_at : now;
        let next = head + 1;
        for (const job of jobs) {
          // A single-event append writes one row before its last check can fail, and a failed
          // statement undoes itself: only multi-event appends need a savepoint.
          const guarded = job.events.length > 1;
          if (guarded) s.savepoint.run();
          try {
            const applied = this.apply(job, overlay, next, occurredAt);
            if (guarded) s.release.run();
            if (applied.head !== undefined) overlay.set(job.streamId, applied.head);
            next += applied.appended;
            outcomes.push({ result: applied.result });
          } catch (error) {
            if (error instanceof BatchAborted) throw error.cause;
            if (guarded) {
              s.rollbackTo.run();
              s.release.run();
            }
            outcomes.push(this.afterFailure(job, error));
          }
        }
        s.commit.run();
        committedHead = next - 1;
      } catch (error) {
        if (s.db.inTransaction) s.rollback.run();
        throw error;
      }
    } catch (error) {
      this.heads.clear();
      this.knownHeadPosition = -1;
      overlay = new Map();
      const unavailable = new HeraldError('EVENT_STORE.UNAVAILABLE', `the append could not be committed: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
      for (const job of jobs) job.reject(unavailable);
      return;
    }
    this.knownHeadPosition = committedHead;
    if (this.heads.size + overlay.size > MAX_CACHED_HEADS) this.heads.clear();
    for (const [streamId, head] of overlay) this.heads.set(streamId, head);
    jobs.forEach((job, index) => {
      const outcome = outcomes[index];
      if (outcome.result !== undefined) job.resolve(outcome.result);
      else job.reject(outcome.error);
    });
    if (overlay.size > 0) this.onCommitted();
  }

  private apply(job: QueuedAppend, overlay: Map<string, StreamHead>, firstPosition: number, occurredAt: string): Applied {
    const s = this.statements;
    const head = overlay.get(job.streamId) ?? this.headOf(job.streamId);
    const actual = head?.revision ?? null;
    if (!satisfiesExpectedRevision(job.expected, actual)) {
      const retry = this.findRetry(job);
      if (retry !== null) return { result: retry, appended: 0 };
      throw concurrencyConflict(job.streamId, job.expected, actual);
    }
    let prevHash = head?.hash ?? GENESIS_HASH;
    let revision = actual === null ? 0 : actual + 1;
    let position = firstPosition;
    for (const event of job.events) {
      const sealed = sealCanonical(prevHash, {
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        streamId: job.streamId,
        revision,
        occurredAt,
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
        personalFieldsJson: event.personalFieldsJson,
      });
      s.insertEvent.run(
        position,
        event.id,
        job.streamId,
        revision,
        job.category,
        event.type,
        event.schemaVersion,
        occurredAt,
        event.dataJson,
        sealed.storedMetadataJson,
        event.personalFieldsJson,
      );
      prevHash = sealed.hash;
      revision += 1;
      position += 1;
    }
    const lastRevision = revision - 1;
    const lastPosition = position - 1;
    try {
      s.upsertStream.run(job.streamId, lastRevision, prevHash, lastPosition);
    } catch (error) {
      // The events are written but the head is not: only undoing the whole batch is safe here.
      throw new BatchAborted(error);
    }
    return { result: { nextExpectedRevision: lastRevision, position: lastPosition }, head: { revision: lastRevision, hash: prevHash }, appended: job.events.length };
  }

  /** An id collision means a retry (or id reuse); anything else fails this append only. */
  private afterFailure(job: QueuedAppend, error: unknown): { result?: AppendResult; error?: unknown } {
    if (!isEventIdCollision(error)) return { error };
    try {
      const retry = this.findRetry(job);
      return retry === null ? { error } : { result: retry };
    } catch (retryError) {
      return { error: retryError };
    }
  }

  private findRetry(job: QueuedAppend): AppendResult | null {
    const locations = job.events.map((event) => this.statements.locateEvent.get(event.id));
    return resolveRetry(
      job.streamId,
      job.events.map((event) => event.id),
      locations,
    );
  }

  private headOf(streamId: string): StreamHead | undefined {
    const cached = this.heads.get(streamId);
    if (cached !== undefined) return cached;
    const row = this.statements.streamHead.get(streamId);
    if (row === undefined) return undefined;
    const head = { revision: row.last_revision, hash: row.last_hash };
    this.heads.set(streamId, head);
    return head;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    db,
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT herald_append'),
    release: db.prepare('RELEASE herald_append'),
    rollbackTo: db.prepare('ROLLBACK TO herald_append'),
    lastEvent: db.prepare<[], { position: number; occurred_at: string }>('SELECT position, occurred_at FROM events ORDER BY position DESC LIMIT 1'),
    streamHead: db.prepare<[string], { last_revision: number; last_hash: string }>('SELECT last_revision, last_hash FROM streams WHERE stream_id = ?'),
    locateEvent: db.prepare<[string], StoredEventLocation>('SELECT stream_id AS streamId, revision, position FROM events WHERE event_id = ?'),
    insertEvent: db.prepare(
      'INSERT INTO events (position, event_id, stream_id, revision, category, type, schema_version, occurred_at, data, metadata, personal_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertStream: db.prepare(
      'INSERT INTO streams (stream_id, last_revision, last_hash, last_position) VALUES (?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision, last_hash = excluded.last_hash, last_position = excluded.last_position',
    ),
  };
}
