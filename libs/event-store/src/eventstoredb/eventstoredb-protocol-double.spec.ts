import { FixedClock } from '@herald/shared-kernel';
import { eventStoreContract } from '../contract/event-store.contract';
import { events, streamOf, until } from '../contract/contract-fixture';
import type { RecordedEvent } from '../envelope/envelope';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EsdbProtocolDouble } from './test-support/esdb-protocol-double';
import { openNamespacedStore } from './test-support/eventstoredb-test-fixture';

/*
 * The adapter's logic (hash chain, retries, idempotency, global-position mapping, subscription
 * backoff) against an in-memory double of the ESDB client, so it is exercised on every run.
 * eventstoredb-event-store.spec.ts runs the same contract against a real server.
 */
eventStoreContract(
  'eventstoredb (protocol double)',
  async (options) => openNamespacedStore(new EsdbProtocolDouble().client, options),
  {
    rawAccess: false,
    readFaults: true,
  },
);

describe('EventStoreDbEventStore on the protocol double', () => {
  it('keeps each namespace its own gap-free order on a shared server, with system events in between', async () => {
    const server = new EsdbProtocolDouble();
    const a = openNamespacedStore(server.client);
    const b = openNamespacedStore(server.client);
    try {
      for (let round = 0; round < 4; round += 1) {
        await a.store.append(streamOf('post'), events(2), { expectedRevision: 'no_stream' });
        await b.store.append(streamOf('post'), events(1), { expectedRevision: 'no_stream' });
      }
      expect((await a.store.readAll()).map((event) => event.globalPosition)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8,
      ]);
      expect((await b.store.readAll()).map((event) => event.globalPosition)).toEqual([1, 2, 3, 4]);
      expect(await b.store.headPosition()).toBe(4);
    } finally {
      await Promise.all([a.cleanup(), b.cleanup()]);
    }
  });

  it('agrees with a second process on every global position (the ordinal is a function of the log)', async () => {
    const server = new EsdbProtocolDouble();
    const writer = openNamespacedStore(server.client);
    try {
      const streamId = streamOf();
      await writer.store.append(streamId, events(5), { expectedRevision: 'no_stream' });
      const reader = new EventStoreDbEventStore({ client: server.client, namespace: writer.namespace });
      const fromWriter = await writer.store.readStream(streamId);
      const fromReader = await reader.readStream(streamId, { direction: 'backwards' });
      expect(fromReader.map((event) => event.globalPosition).reverse()).toEqual(
        fromWriter.map((event) => event.globalPosition),
      );
      await reader.close();
    } finally {
      await writer.cleanup();
    }
  });

  it('resubscribes with backoff when the server drops the subscription, without losing or repeating events', async () => {
    const server = new EsdbProtocolDouble();
    const { store, cleanup } = openNamespacedStore(server.client);
    const handled: RecordedEvent[] = [];
    const drops: number[] = [];
    try {
      const streamId = streamOf();
      await store.append(streamId, events(2), { expectedRevision: 'no_stream' });
      const subscription = store.subscribeToAll({
        onEvent: async (event) => {
          handled.push(event);
        },
        onDropped: (_error, retryInMs) => drops.push(retryInMs),
      });
      await until(() => handled.length === 2 && server.openSubscriptions === 1, 'caught up');
      server.dropSubscriptions();
      await store.append(streamId, events(2), { expectedRevision: 1 });
      await until(() => handled.length === 4, 'events after the drop handled');
      expect(drops).toEqual([10]);
      expect(handled.map((event) => event.globalPosition)).toEqual([1, 2, 3, 4]);
      expect(subscription.position).toBe(4);
    } finally {
      await cleanup();
    }
  });

  it('never forks the hash chain when two processes append with any/exists at once: the loser re-reads the head and retries', async () => {
    const server = new EsdbProtocolDouble();
    const first = openNamespacedStore(server.client);
    const second = new EventStoreDbEventStore({ client: server.client, namespace: first.namespace });
    try {
      const streamId = streamOf('audit');
      await first.store.append(streamId, events(1), { expectedRevision: 'no_stream' });
      const appends = Array.from({ length: 8 }, (_, index) =>
        (index % 2 === 0 ? first.store : second).append(streamId, events(2), {
          expectedRevision: index % 4 === 0 ? 'exists' : 'any',
        }),
      );
      const results = await Promise.all(appends);
      expect(results.map((result) => result.nextExpectedRevision).sort((a, b) => a - b)).toEqual([
        2, 4, 6, 8, 10, 12, 14, 16,
      ]);
      expect(await first.store.verify(streamId)).toEqual({ streamId, ok: true, eventsChecked: 17 });
      expect((await second.readAll()).map((event) => event.globalPosition)).toEqual(
        Array.from({ length: 17 }, (_, index) => index + 1),
      );
    } finally {
      await second.close();
      await first.cleanup();
    }
  });

  it('surfaces CONCURRENCY.CONFLICT once the bounded retries are used up', async () => {
    const server = new EsdbProtocolDouble();
    const { namespace, cleanup, store } = openNamespacedStore(server.client);
    const rival = new EventStoreDbEventStore({ client: server.client, namespace });
    const streamId = streamOf('audit');
    await store.append(streamId, events(1), { expectedRevision: 'no_stream' });
    const racing = new EventStoreDbEventStore({
      namespace,
      maxAppendAttempts: 2,
      client: {
        ...server.client,
        // Another process always appends right before this one: every attempt loses the race.
        appendToStream: (async (...args: Parameters<typeof server.client.appendToStream>) => {
          await rival.append(streamId, events(1), { expectedRevision: 'any' });
          return server.client.appendToStream(...args);
        }) as typeof server.client.appendToStream,
      },
    });
    try {
      await expect(racing.append(streamId, events(1), { expectedRevision: 'any' })).rejects.toMatchObject({
        code: 'CONCURRENCY.CONFLICT',
        details: { streamId, expected: 'any', actual: 2 },
      });
      expect(await store.verify(streamId)).toMatchObject({ ok: true, eventsChecked: 3 });
    } finally {
      await Promise.all([racing.close(), rival.close(), cleanup()]);
    }
  });

  it('keeps commit instants non-decreasing within a stream even when the clock steps back', async () => {
    const server = new EsdbProtocolDouble();
    const clock = new FixedClock(new Date('2030-01-01T12:00:00.000Z'));
    const { store, cleanup } = openNamespacedStore(server.client, { clock });
    try {
      const streamId = streamOf();
      await store.append(streamId, events(1), { expectedRevision: 'no_stream' });
      clock.set(new Date('2030-01-01T11:00:00.000Z'));
      await store.append(streamId, events(1), { expectedRevision: 0 });
      await store.append(streamOf(), events(1), { expectedRevision: 'no_stream' });
      const [a, b] = await store.readStream(streamId);
      expect([a.occurredAt, b.occurredAt]).toEqual(['2030-01-01T12:00:00.000Z', '2030-01-01T12:00:00.000Z']);
      expect((await store.readAll())[2].occurredAt).toBe('2030-01-01T11:00:00.000Z');
      expect(await store.readStream(streamId, { asOf: new Date('2030-01-01T11:30:00.000Z') })).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it('stores the checkpoint in a capped system stream outside the global order', async () => {
    const server = new EsdbProtocolDouble();
    const { store, cleanup } = openNamespacedStore(server.client);
    try {
      await store.append(streamOf(), events(1), { expectedRevision: 'no_stream' });
      for (const position of [1, 2, 3]) await store.checkpoints.save('projector', position);
      expect(await store.checkpoints.load('projector')).toBe(3);
      expect(await store.headPosition()).toBe(1);
    } finally {
      await cleanup();
    }
  });
});
