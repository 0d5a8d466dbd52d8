import path from 'node:path';
import sqlite3 from 'sqlite3';
import type { DefaultRecord, Event } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import type { AppendTarget, BenchEvent } from '../workload';

export const EMMETT_FILE = 'emmett.db';
export const EMMETT_EVENTS_TABLE = 'emt_messages';

/**
 * emmett-sqlite 0.38.5 keeps one shared connection per store and closes it after every call, and
 * its transaction nesting counter is per connection: concurrent appends on a file database fail
 * (SQLITE_MISUSE "Database is closed", "cannot rollback - no transaction is active"), and one
 * store per writer fails with SQLITE_BUSY. Its only correct in-process use under concurrency is
 * one append at a time, so the writers queue here; the queue wait counts in their latency, as it
 * would for an application using it.
 */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

type PeerEvent = Event<string, DefaultRecord, DefaultRecord>;

const MAX_ATTEMPTS = 5;

/**
 * Under CPU load, emmett-sqlite 0.38.5 intermittently fails a COMMIT with SQLITE_BUSY "SQL
 * statements in progress" even one append at a time: it commits while node-sqlite3 has not yet
 * finalised its `INSERT … RETURNING` statement. The transaction rolls back (and the connection
 * closes), so an application would retry with the same expected version; so does the bench,
 * counting the retries and their time in the latency.
 */
const isBusy = (error: unknown): boolean =>
  error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_BUSY';

export async function openEmmett(
  dir: string,
): Promise<{ target: AppendTarget; durability: string; retries: () => number }> {
  const file = path.join(dir, EMMETT_FILE);
  const store = getSQLiteEventStore({ fileName: file });
  const queue = new SerialQueue();
  let retries = 0;
  const appendWithRetry = async (streamId: string, event: PeerEvent, expectedStreamVersion: bigint) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await store.appendToStream(streamId, [event], { expectedStreamVersion });
      } catch (error) {
        if (!isBusy(error) || attempt === MAX_ATTEMPTS) throw error;
        retries += 1;
      }
    }
  };
  const target: AppendTarget = {
    async append(event: BenchEvent, lastRevision: number | null): Promise<void> {
      // Emmett counts versions from 1 (0n: the stream does not exist yet); Herald revisions from 0.
      const expectedStreamVersion = lastRevision === null ? 0n : BigInt(lastRevision + 1);
      const { id, type, data, metadata, streamId } = event;
      const result = await queue.run(() =>
        appendWithRetry(
          streamId,
          { type, data: { ...data }, metadata: { ...metadata, eventId: id } },
          expectedStreamVersion,
        ),
      );
      if (result.nextExpectedStreamVersion !== expectedStreamVersion + 1n) {
        throw new Error(
          `emmett: ${streamId} is at version ${result.nextExpectedStreamVersion}, expected ${expectedStreamVersion + 1n}`,
        );
      }
    },
    // The store closes its connection after each call; nothing stays open once the queue drains.
    close: () => queue.run(async () => undefined),
  };
  // Emmett sets only journal_mode=WAL on each connection it opens; every other setting is the
  // driver's default, which a fresh connection of the same driver reports.
  await store.appendToStream('bench-schema', [{ type: 'bench.schemaCreated', data: {} }]);
  const durability = await driverPragmas(file);
  return {
    target,
    durability: `${durability}, one append at a time (see emmett.contender.ts)`,
    retries: () => retries,
  };
}

async function driverPragmas(file: string): Promise<string> {
  const db = new sqlite3.Database(file);
  const get = (sql: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) =>
      db.get(sql, (error: Error | null, row: Record<string, unknown>) =>
        error ? reject(error) : resolve(row),
      ),
    );
  try {
    const journal = await get('PRAGMA journal_mode');
    const synchronous = await get('PRAGMA synchronous');
    const busy = await get('PRAGMA busy_timeout');
    const level =
      ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(synchronous.synchronous)] ?? String(synchronous.synchronous);
    return `journal_mode=${String(journal.journal_mode)}, synchronous=${level}, busy_timeout=${String(busy.timeout)}ms`;
  } finally {
    await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
  }
}
