import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson, SqliteEventStore } from '@herald/event-store';
import { summarizeLatencies } from '../latency';
import { makeEvent, StreamPlan, type RunMeasurement } from '../workload';

export const CEILING_FILE = 'ceiling.db';

type EventValues = readonly [number, string, string, number, string, string, number, string, string, string, string];

interface Row {
  readonly values: EventValues;
  readonly hash: string;
}

/**
 * The rows Herald stores for the same appends (an `events` row and a `streams` head upsert
 * each, same JSON sizes), built before the clock starts so only the database work is timed.
 */
function buildRows(plan: StreamPlan, appendsPerWriter: number, firstPosition: number): Row[] {
  const rows: Row[] = [];
  const occurredAt = new Date().toISOString();
  for (let k = 0; k < appendsPerWriter; k += 1) {
    for (let writer = 0; writer < plan.writers; writer += 1) {
      const { streamIndex, streamId, lastRevision } = plan.next(writer);
      const event = makeEvent(streamId, plan.tenantId);
      const prevHash = createHash('sha256').update(`${streamId}:${lastRevision ?? -1}`).digest('hex');
      const hash = createHash('sha256').update(event.id).digest('hex');
      const position = firstPosition + rows.length;
      const values: EventValues = [
        position,
        event.id,
        streamId,
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
      plan.appended(streamIndex);
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
  writers: number,
  streamCount: number,
  appendsPerWriter: number,
  warmupPerWriter: number,
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
    const warmup = buildRows(new StreamPlan(streamCount, writers), warmupPerWriter, 1);
    insertAll.immediate(warmup);
    const rows = buildRows(new StreamPlan(streamCount, writers), appendsPerWriter, warmup.length + 1);
    const latenciesMs = new Float64Array(rows.length);
    const started = process.hrtime.bigint();
    insertAll.immediate(rows, latenciesMs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(db.pragma('synchronous', { simple: true }))];
    const durability = `journal_mode=${String(db.pragma('journal_mode', { simple: true }))}, synchronous=${synchronous}, one transaction`;
    const storedRows = Number(db.prepare('SELECT COUNT(*) FROM events').pluck().get()) - warmup.length;
    return {
      measurement: { appends: rows.length, seconds, appendsPerSecond: rows.length / seconds, latency: summarizeLatencies(latenciesMs) },
      durability,
      storedRows,
    };
  } finally {
    db.close();
  }
}
