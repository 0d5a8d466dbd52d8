import type { Clock } from '@herald/shared-kernel';
import { isHeraldError } from '@herald/shared-kernel';
import Database from 'better-sqlite3';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { events, newEvent, streamOf } from '../contract/contract-fixture';
import { SqliteEventStore } from './sqlite-event-store';
import { openTemporarySqliteStore } from './test-support/sqlite-test-fixture';

/** Every reading is a new millisecond: appends that share an `occurredAt` were committed in one transaction. */
class TickingClock implements Clock {
  private current = Date.parse('2030-01-01T00:00:00.000Z');
  now(): Date {
    this.current += 1;
    return new Date(this.current);
  }
}

describe('SqliteEventStore group commit', () => {
  it('commits 200 concurrent appends in one transaction, with exactly one winner per expected revision and gap-free positions', async () => {
    const { store, cleanup } = await openTemporarySqliteStore({ clock: new TickingClock() });
    try {
      const hot = streamOf('post');
      const taken = newEvent();
      await store.append(streamOf('user'), [taken], { expectedRevision: 'no_stream' });
      const expectations: ExpectedRevision[] = ['no_stream', 0, 1, 2];
      const calls: Array<{ kind: 'hot'; expected: ExpectedRevision } | { kind: 'cold' } | { kind: 'reused' }> = [];
      for (let index = 0; index < 200; index += 1) {
        if (index === 101) calls.push({ kind: 'reused' });
        else if (index % 2 === 0) calls.push({ kind: 'hot', expected: expectations[Math.floor(index / 50)] });
        else calls.push({ kind: 'cold' });
      }
      const outcomes = await Promise.allSettled(
        calls.map((call) => {
          if (call.kind === 'hot') return store.append(hot, [newEvent()], { expectedRevision: call.expected });
          if (call.kind === 'reused') return store.append(streamOf('post'), [newEvent(), taken], { expectedRevision: 'no_stream' });
          return store.append(streamOf('user'), events(2), { expectedRevision: 'no_stream' });
        }),
      );

      const winners = new Map<ExpectedRevision, AppendResult[]>();
      outcomes.forEach((outcome, index) => {
        const call = calls[index];
        if (call.kind === 'cold') expect(outcome.status).toBe('fulfilled');
        if (call.kind === 'reused') expect(outcome.status === 'rejected' && isHeraldError(outcome.reason, 'EVENT_STORE.EVENT_ID_REUSED')).toBe(true);
        if (call.kind !== 'hot') return;
        if (outcome.status === 'fulfilled') winners.set(call.expected, [...(winners.get(call.expected) ?? []), outcome.value]);
        else expect(isHeraldError(outcome.reason, 'CONCURRENCY.CONFLICT')).toBe(true);
      });
      expect(expectations.map((expected) => winners.get(expected)?.map((result) => result.nextExpectedRevision))).toEqual([[0], [1], [2], [3]]);

      const all = await store.readAll();
      expect(all.map((event) => event.globalPosition)).toEqual(Array.from({ length: 1 + 4 + 99 * 2 }, (_, index) => index + 1));
      expect(new Set(all.slice(1).map((event) => event.occurredAt)).size).toBe(1);
      expect((await store.readStream(hot)).map((event) => event.revision)).toEqual([0, 1, 2, 3]);
      expect((await store.verify(hot)).ok).toBe(true);
    } finally {
      await cleanup();
    }
  });

  it('keeps positions gap-free when a whole batch fails to commit (write lock held elsewhere)', async () => {
    const { store, path, cleanup } = await openTemporarySqliteStore({ busyTimeoutMs: 20 });
    const other = new Database(path);
    try {
      const streamId = streamOf();
      await store.append(streamId, events(2), { expectedRevision: 'no_stream' });
      other.exec('BEGIN IMMEDIATE');
      const failed = await Promise.allSettled([store.append(streamId, events(1), { expectedRevision: 1 }), store.append(streamOf(), events(3), { expectedRevision: 'no_stream' })]);
      expect(failed.map((outcome) => outcome.status === 'rejected' && isHeraldError(outcome.reason, 'EVENT_STORE.UNAVAILABLE'))).toEqual([true, true]);
      other.exec('ROLLBACK');
      await expect(store.append(streamId, events(1), { expectedRevision: 1 })).resolves.toEqual({ nextExpectedRevision: 2, position: 3 });
      expect((await store.readAll()).map((event) => event.globalPosition)).toEqual([1, 2, 3]);
      expect((await store.verify(streamId)).ok).toBe(true);
    } finally {
      other.close();
      await cleanup();
    }
  });

  it('sees appends made by another process: stream heads are re-read, the chain continues, live subscriptions poll them in', async () => {
    const first = await openTemporarySqliteStore();
    const second = await SqliteEventStore.open({ path: first.path, pollIntervalMs: 20 });
    try {
      const streamId = streamOf();
      const seen: number[] = [];
      const subscription = second.subscribeToAll({ onEvent: async (event) => void seen.push(event.globalPosition) });
      await second.append(streamId, events(1), { expectedRevision: 'no_stream' });
      await first.store.append(streamId, events(1), { expectedRevision: 0 });
      const stale = await second.append(streamId, events(1), { expectedRevision: 0 }).catch((error: unknown) => error);
      expect(isHeraldError(stale, 'CONCURRENCY.CONFLICT') && stale.details).toEqual({ streamId, expected: 0, actual: 1 });
      await expect(second.append(streamId, events(1), { expectedRevision: 1 })).resolves.toEqual({ nextExpectedRevision: 2, position: 3 });
      await first.store.append(streamOf(), events(1), { expectedRevision: 'no_stream' });
      const deadline = Date.now() + 5000;
      while (seen.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(await first.store.verify(streamId)).toMatchObject({ ok: true, eventsChecked: 3 });
      await subscription.stop();
    } finally {
      await second.close();
      await first.cleanup();
    }
  });

  it('prints the throughput of 64 concurrent single-event writers (informational, no assertion on time)', async () => {
    const { store, cleanup } = await openTemporarySqliteStore();
    try {
      const writers = 64;
      const perWriter = 40;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          for (let index = 0; index < perWriter; index += 1) await store.append(streamOf('bench'), [newEvent()], { expectedRevision: 'no_stream' });
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      expect(await store.headPosition()).toBe(writers * perWriter);
      console.log(`group commit: ${writers * perWriter} appends by ${writers} writers in ${seconds.toFixed(3)} s = ${Math.round((writers * perWriter) / seconds)} appends/s (synchronous=FULL)`);
    } finally {
      await cleanup();
    }
  });
});
