import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson, SqliteEventStore } from '@herald/event-store';
import { summarizeLatencies } from '../latency';
import type { RunMeasurement, Workload } from '../workload';

export const CEILING_FILE = 'ceiling.db';

type EventValues = readonly [
  number,
  string,
  string,
  number,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
];

interface Row {
  readonly values: EventValues;
  readonly hash: string;
}

/**
 * The rows Herald stores for the same appends (an `events` row and a `streams` head upsert
 * each, same JSON sizes), in the order the writers would send them, built before the clock
 * starts so only the database work is timed.
 */
function buildRows(workload: Workload, firstPosition: number): Row[] {
  const rows: Row[] = [];
  const occurredAt = new Date().toISOString();
  const longest = Math.max(...workload.map((appends) => appends.length));
  for (let k = 0; k < longest; k += 1) {
    for (const appends of workload) {
      if (k >= appends.length) continue;
      const { event, lastRevision } = appends[k];
      const prevHash = createHash('sha256')
        .update(`${event.streamId}:${lastRevision ?? -1}`)
        .digest('hex');
      const hash = createHash('sha256').update(event.id).digest('hex');
      const values: EventValues = [
        firstPosition + rows.length,
        event.id,
        event.streamId,
        lastRevision === null ? 0 : lastRevision + 1,
        'post',
        event.type,
        1,
        occurredAt,
        canonicalJson(event.data),
        canonicalJson({ ...event.metadata, prevHash, hash }),
        '[]',
      ];
      rows.push({ values, hash });
    }
  }
  return rows;
}

/**
 * Raw better-sqlite3 on Herald's own schema (created by opening the store, so indexes and
 * constraints match) with the same pragmas, inserting every row in ONE transaction: one fsync
 * for the whole run, no per-append work. The figure no single-event append path can beat.
 */
export async function runCeiling(
  dir: string,
  warmup: Workload,
  workload: Workload,
): Promise<{ measurement: RunMeasurement; durability: string; storedRows: number }> {
  const file = path.join(dir, CEILING_FILE);
  const schemaOwner = await SqliteEventStore.open({ path: file, synchronous: 'FULL' });
  await schemaOwner.close();
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insertEvent = db.prepare(
      'INSERT INTO events (position, event_id, stream_id, revision, category, type, schema_version, occurred_at, data, metadata, personal_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const upsertStream = db.prepare(
      'INSERT INTO streams (stream_id, last_revision, last_hash, last_position) VALUES (?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision, last_hash = excluded.last_hash, last_position = excluded.last_position',
    );
    const insertAll = db.transaction((rows: readonly Row[], latenciesMs?: Float64Array) => {
      rows.forEach((row, index) => {
        const started = process.hrtime.bigint();
        const { values } = row;
        insertEvent.run(...values);
        upsertStream.run(values[2], values[3], row.hash, values[0]);
        if (latenciesMs !== undefined) latenciesMs[index] = Number(process.hrtime.bigint() - started) / 1e6;
      });
    });
    const warmupRows = buildRows(warmup, 1);
    insertAll.immediate(warmupRows);
    const rows = buildRows(workload, warmupRows.length + 1);
    const latenciesMs = new Float64Array(rows.length);
    const started = process.hrtime.bigint();
    insertAll.immediate(rows, latenciesMs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][
      Number(db.pragma('synchronous', { simple: true }))
    ];
    const durability = `journal_mode=${String(db.pragma('journal_mode', { simple: true }))}, synchronous=${synchronous}, one transaction`;
    const storedRows = Number(db.prepare('SELECT COUNT(*) FROM events').pluck().get()) - warmupRows.length;
    return {
      measurement: {
        appends: rows.length,
        seconds,
        appendsPerSecond: rows.length / seconds,
        latency: summarizeLatencies(latenciesMs),
      },
      durability,
      storedRows,
    };
  } finally {
    db.close();
  }
}
