import Database from 'better-sqlite3';
import { isHeraldError } from '@herald/shared-kernel';
import { events, streamOf, until } from '../contract/contract-fixture';
import { SqliteEventStore } from './sqlite-event-store';
import { openTemporarySqliteStore } from './test-support/sqlite-test-fixture';

describe('SqliteEventStore durability and lifecycle', () => {
  it('runs in WAL mode, durable on commit (synchronous FULL) by default, with a busy timeout', async () => {
    const { store, path, cleanup } = await openTemporarySqliteStore();
    try {
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 5000 });
      const other = new Database(path, { readonly: true });
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(other.pragma('user_version', { simple: true })).toBe(1);
      other.close();
    } finally {
      await cleanup();
    }
  });

  it('accepts synchronous NORMAL and a custom busy timeout when asked', async () => {
    const { store, cleanup } = await openTemporarySqliteStore({ synchronous: 'NORMAL', busyTimeoutMs: 1234 });
    try {
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'NORMAL', busyTimeoutMs: 1234 });
    } finally {
      await cleanup();
    }
  });

  it('refuses an in-memory database, which cannot be durable', async () => {
    await expect(SqliteEventStore.open({ path: ':memory:' })).rejects.toThrow('WAL');
  });

  it('keeps its data across close and reopen', async () => {
    const fixture = await openTemporarySqliteStore();
    const streamId = streamOf();
    await fixture.store.append(streamId, events(2), { expectedRevision: 'no_stream' });
    await fixture.store.close();
    const reopened = await SqliteEventStore.open({ path: fixture.path });
    try {
      await expect(reopened.append(streamId, events(1), { expectedRevision: 1 })).resolves.toEqual({ nextExpectedRevision: 2, position: 3 });
      expect((await reopened.verify(streamId)).ok).toBe(true);
    } finally {
      await reopened.close();
      await fixture.cleanup();
    }
  });

  it('on close, writes appends already queued, stops subscriptions, and refuses further use', async () => {
    const { store, path, cleanup } = await openTemporarySqliteStore();
    const handled: number[] = [];
    const subscription = store.subscribeToAll({ onEvent: async (event) => void handled.push(event.globalPosition) });
    const streamId = streamOf();
    await store.append(streamId, events(1), { expectedRevision: 'no_stream' });
    await until(() => handled.length === 1, 'the subscription handled the first event');
    const queued = store.append(streamId, events(1), { expectedRevision: 0 });
    await new Promise((resolve) => process.nextTick(resolve));
    await store.close();
    await expect(queued).resolves.toEqual({ nextExpectedRevision: 1, position: 2 });
    const closed = await store.append(streamId, events(1), { expectedRevision: 1 }).catch((error: unknown) => error);
    expect(isHeraldError(closed, 'EVENT_STORE.CLOSED')).toBe(true);
    expect(() => store.subscribeToAll({ onEvent: async () => undefined })).toThrow('closed');
    await subscription.stop();
    const reopened = await SqliteEventStore.open({ path });
    expect(await reopened.headPosition()).toBe(2);
    await reopened.close();
    await cleanup();
  });
});
