import Database from 'better-sqlite3';
import type { ReadEvent } from '@event-driven-io/emmett';
import { getSQLiteEventStore, schemaSQL, type SQLiteConnection } from '@event-driven-io/emmett-sqlite';
import type { EventMetadata, EventStore, RecordedEvent } from '@herald/event-store';
import { postsProjection, type PostViewDocument } from '@herald/projections/posts';
import type { ProjectionContext } from '@herald/projections-runtime';
import type { AnyDocument, StoredDocument } from '@herald/read-store';

/**
 * The peer: `@event-driven-io/emmett-sqlite` 0.38.5 rebuilding the same posts read model with
 * its own machinery — a consumer pulling batches from its message table, a projection processor
 * (one transaction per batch, its checkpoint stored after every message), and a projection
 * handler writing SQL through the connection it is given. The handler runs Herald's own posts
 * handler (same decoding, same evolve, same document) through a context that reads and writes
 * a `posts` table shaped like Herald's collection: the document as JSON, its indexed fields as
 * columns with the same indexes, and the search terms in a side table (Herald's multikey index).
 */

export const EMMETT_BATCH_SIZE = 1_000;

interface PeerMetadata {
  readonly messageId: string;
  readonly streamName: string;
  readonly streamPosition: bigint;
  readonly globalPosition: bigint;
  readonly occurredAt: string;
  readonly schemaVersion: number;
  readonly envelope: EventMetadata;
}

/**
 * Copies the first `limit` events of Herald's log into emmett's schema with one plain SQLite
 * transaction (untimed set-up: emmett's own append would take longer than the benchmark).
 * Rows are what `appendToStream` writes; the envelope and commit time ride in the metadata.
 */
export async function seedEmmett(file: string, source: EventStore, limit: number): Promise<number> {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(schemaSQL.join('\n'));
    const insert = db.prepare(
      `INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata,
         message_schema_version, message_type, message_id, is_archived)
       VALUES (?, ?, 'emt:default', 'E', ?, ?, ?, ?, ?, 0)`,
    );
    const positions = new Map<string, number>();
    let copied = 0;
    for (let after = 0; copied < limit;) {
      const events = await source.readAll({
        afterPosition: after,
        maxCount: Math.min(5_000, limit - copied),
      });
      if (events.length === 0) break;
      db.transaction(() => {
        for (const event of events) {
          const position = (positions.get(event.streamId) ?? 0) + 1;
          positions.set(event.streamId, position);
          const metadata = {
            occurredAt: event.occurredAt,
            schemaVersion: event.schemaVersion,
            envelope: event.metadata,
          };
          insert.run(
            event.streamId,
            position,
            JSON.stringify(event.data),
            JSON.stringify(metadata),
            String(event.schemaVersion),
            event.type,
            event.id,
          );
        }
      })();
      copied += events.length;
      after = events[events.length - 1].globalPosition;
    }
    const stream = db.prepare(
      `INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived)
       VALUES (?, ?, 'emt:default', ?, '[]', 0)`,
    );
    db.transaction(() => {
      for (const [streamId, position] of positions) stream.run(streamId, position, streamId.split('-')[0]);
    })();
    db.exec(`
      CREATE TABLE posts (id TEXT PRIMARY KEY, organization_id TEXT, status TEXT, updated_at TEXT, scheduled_for TEXT, doc TEXT NOT NULL);
      CREATE INDEX posts_by_status ON posts (organization_id, status, updated_at DESC);
      CREATE INDEX posts_by_update ON posts (organization_id, updated_at DESC);
      CREATE INDEX posts_by_schedule ON posts (organization_id, scheduled_for);
      CREATE TABLE post_terms (organization_id TEXT NOT NULL, term TEXT NOT NULL, post_id TEXT NOT NULL,
        PRIMARY KEY (organization_id, term, post_id)) WITHOUT ROWID;
      CREATE INDEX post_terms_by_post ON post_terms (post_id);
    `);
    return copied;
  } finally {
    db.close();
  }
}

const unused = (what: string): never => {
  throw new Error(`the posts projection does not ${what}`);
};

/** The slice of Herald's ProjectionContext the posts handler uses (get, replace), as SQL on emmett's connection. */
class PeerContext implements ProjectionContext {
  private readonly read = new Map<string, PostViewDocument | null>();
  private pending: { id: string; document: PostViewDocument } | null = null;

  constructor(
    private readonly connection: SQLiteConnection,
    readonly position: number,
  ) {}

  async get<T extends StoredDocument = AnyDocument>(_collection: string, id: string): Promise<T | null> {
    const row = await this.connection.querySingle<{ doc: string }>('SELECT doc FROM posts WHERE id = ?', [
      id,
    ]);
    const document = row === null ? null : (JSON.parse(row.doc) as PostViewDocument);
    this.read.set(id, document);
    return document as unknown as T | null;
  }

  replace<T extends StoredDocument = AnyDocument>(
    _collection: string,
    id: string,
    document: Omit<T, '_id'>,
  ): void {
    this.pending = { id, document: { ...(document as unknown as PostViewDocument), _id: id } };
  }

  upsert(): void {
    unused('upsert');
  }
  updateMany(): void {
    unused('updateMany');
  }
  delete(): void {
    unused('delete');
  }
  deleteMany(): void {
    unused('deleteMany');
  }
  find<T extends StoredDocument = AnyDocument>(): Promise<T[]> {
    return unused('find');
  }

  /** Writes the document, and its terms where they changed (a hand-written projection would not rewrite them all). */
  async commit(): Promise<void> {
    if (this.pending === null) return;
    const { id, document } = this.pending;
    await this.connection.command(
      `INSERT INTO posts (id, organization_id, status, updated_at, scheduled_for, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id, status = excluded.status,
         updated_at = excluded.updated_at, scheduled_for = excluded.scheduled_for, doc = excluded.doc`,
      [
        id,
        document.organizationId,
        document.status,
        document.updatedAt,
        document.scheduledFor ?? null,
        JSON.stringify(document),
      ],
    );
    const before = new Set(this.read.get(id)?.terms ?? []);
    const after = new Set(document.terms);
    for (const term of before) {
      if (!after.has(term))
        await this.connection.command(
          'DELETE FROM post_terms WHERE organization_id = ? AND term = ? AND post_id = ?',
          [document.organizationId, term, id],
        );
    }
    for (const term of after) {
      if (!before.has(term))
        await this.connection.command(
          'INSERT INTO post_terms (organization_id, term, post_id) VALUES (?, ?, ?)',
          [document.organizationId, term, id],
        );
    }
  }
}

function toRecorded(message: ReadEvent): RecordedEvent {
  const metadata = message.metadata as unknown as PeerMetadata;
  return {
    id: metadata.messageId,
    type: message.type,
    schemaVersion: Number(metadata.schemaVersion),
    streamId: metadata.streamName,
    revision: Number(metadata.streamPosition) - 1,
    globalPosition: Number(metadata.globalPosition),
    occurredAt: metadata.occurredAt,
    data: message.data,
    metadata: metadata.envelope,
    personalFields: [],
  };
}

export interface PeerFigures {
  readonly logEvents: number;
  readonly handled: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly documents: number;
}

/** Runs emmett's consumer over its copy of the log, from the beginning, until the last message. */
export async function timeEmmettPosts(file: string, lastPosition: number): Promise<PeerFigures> {
  const store = getSQLiteEventStore({ fileName: file, schema: { autoMigration: 'None' } });
  const consumer = store.consumer({ pulling: { batchSize: EMMETT_BATCH_SIZE, pullingFrequencyInMs: 0 } });
  const types = new Set(postsProjection.eventTypes ?? []);
  let handled = 0;
  consumer.processor({
    processorId: 'posts',
    startFrom: 'BEGINNING',
    stopAfter: (message) => message.metadata.globalPosition >= BigInt(lastPosition),
    projection: {
      name: 'posts',
      canHandle: [...types],
      handle: async (events, { connection }) => {
        for (const message of events) {
          const event = toRecorded(message as unknown as ReadEvent);
          const context = new PeerContext(connection, event.globalPosition);
          await postsProjection.handle(event, context);
          await context.commit();
          handled += 1;
        }
      },
    },
  });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await consumer.start();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await consumer.close();
  const db = new Database(file, { readonly: true });
  const documents = (db.prepare('SELECT COUNT(*) AS n FROM posts').get() as { n: number }).n;
  db.close();
  return {
    logEvents: lastPosition,
    handled,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    documents,
  };
}
