import type { EventStoreContractFactory, EventStoreContractFixture } from './contract-fixture';
import { events, expectCode, newEvent, rejection, streamOf, withStore } from './contract-fixture';


export function appendContract(factory: EventStoreContractFactory): void {
  const run = (body: (fixture: EventStoreContractFixture) => Promise<void>) => withStore(factory, {}, body);

  describe('append', () => {
    it('no_stream creates a stream once; a second no_stream conflicts with the actual revision', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await expect(store.append(streamId, events(2), { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
        const error = await rejection(store.append(streamId, events(1), { expectedRevision: 'no_stream' }));
        expectCode(error, 'CONCURRENCY.CONFLICT', { streamId, expected: 'no_stream', actual: 1 });
      }));

    it('exists fails on a missing stream (actual null) and succeeds once it has events', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        expectCode(await rejection(store.append(streamId, events(1), { expectedRevision: 'exists' })), 'CONCURRENCY.CONFLICT', { streamId, expected: 'exists', actual: null });
        await store.append(streamId, events(1), { expectedRevision: 'no_stream' });
        await expect(store.append(streamId, events(1), { expectedRevision: 'exists' })).resolves.toMatchObject({ nextExpectedRevision: 1 });
      }));

    it('any appends whatever the stream holds', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await expect(store.append(streamId, events(1), { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 0 });
        await expect(store.append(streamId, events(2), { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 2 });
      }));

    it('an exact revision succeeds only when it is the last revision, with conflict details otherwise', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        const first = await store.append(streamId, events(2), { expectedRevision: 'no_stream' });
        const second = await store.append(streamId, events(1), { expectedRevision: first.nextExpectedRevision });
        expect(second.nextExpectedRevision).toBe(2);
        expect(second.position).toBe(first.position + 1);
        expectCode(await rejection(store.append(streamId, events(1), { expectedRevision: 1 })), 'CONCURRENCY.CONFLICT', { streamId, expected: 1, actual: 2 });
        expectCode(await rejection(store.append(streamOf(), events(1), { expectedRevision: 0 })), 'CONCURRENCY.CONFLICT', { expected: 0, actual: null });
      }));

    it('stores all events of an append or none of them', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        const other = streamOf();
        const taken = newEvent();
        await store.append(other, [taken], { expectedRevision: 'no_stream' });
        await store.append(streamId, events(1), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        expectCode(await rejection(store.append(streamId, events(2), { expectedRevision: 5 })), 'CONCURRENCY.CONFLICT');
        // The last event's id is taken by another stream: the first two must not be stored either.
        expectCode(await rejection(store.append(streamId, [...events(2), taken], { expectedRevision: 0 })), 'EVENT_STORE.EVENT_ID_REUSED', { eventId: taken.id, storedInStreamId: other });
        expect(await store.readStream(streamId)).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
        await expect(store.append(streamId, events(1), { expectedRevision: 0 })).resolves.toMatchObject({ nextExpectedRevision: 1, position: head + 1 });
      }));

    it('is idempotent by event id: a retried append stores nothing and returns the original result, even if its expected revision now conflicts', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        const batch = events(3);
        const original = await store.append(streamId, batch, { expectedRevision: 'no_stream' });
        await expect(store.append(streamId, batch, { expectedRevision: 'no_stream' })).resolves.toEqual(original);
        await store.append(streamId, events(2), { expectedRevision: 2 });
        await expect(store.append(streamId, batch, { expectedRevision: 'no_stream' })).resolves.toEqual(original);
        await expect(store.append(streamId, batch, { expectedRevision: 'any' })).resolves.toEqual(original);
        await expect(store.append(streamId, batch, { expectedRevision: 'exists' })).resolves.toEqual(original);
        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.id)).toEqual([...batch.map((event) => event.id), stored[3].id, stored[4].id]);
      }));

    it('is idempotent for concurrent retries of the same append', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        const batch = events(2);
        const results = await Promise.all(Array.from({ length: 5 }, () => store.append(streamId, batch, { expectedRevision: 'no_stream' })));
        expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
        expect(await store.readStream(streamId)).toHaveLength(2);
      }));

    it('refuses a partial retry and an event id reused in another stream or twice in one append', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        const batch = events(2);
        await store.append(streamId, batch, { expectedRevision: 'no_stream' });
        expectCode(await rejection(store.append(streamId, [batch[0], newEvent()], { expectedRevision: 'any' })), 'EVENT_STORE.RETRY_MISMATCH', { streamId });
        expectCode(await rejection(store.append(streamId, [batch[1], batch[0]], { expectedRevision: 'any' })), 'EVENT_STORE.RETRY_MISMATCH', { streamId });
        expectCode(await rejection(store.append(streamOf(), batch, { expectedRevision: 'any' })), 'EVENT_STORE.EVENT_ID_REUSED', { eventId: batch[0].id, storedInStreamId: streamId });
        const twice = newEvent();
        expectCode(await rejection(store.append(streamOf(), [twice, twice], { expectedRevision: 'any' })), 'EVENT_STORE.EVENT_ID_REUSED');
        expect(await store.readStream(streamId)).toHaveLength(2);
      }));

    it('rejects invalid appends before storing anything', () =>
      run(async ({ store }) => {
        expectCode(await rejection(store.append(streamOf(), [], { expectedRevision: 'any' })), 'VALIDATION.FAILED');
        expectCode(await rejection(store.append('', events(1), { expectedRevision: 'any' })), 'VALIDATION.FAILED');
        expectCode(await rejection(store.append(streamOf(), events(1), { expectedRevision: -1 })), 'VALIDATION.FAILED');
        expectCode(await rejection(store.append(streamOf(), [newEvent({ schemaVersion: 0 })], { expectedRevision: 'any' })), 'VALIDATION.FAILED');
        expect(await store.headPosition()).toBe(0);
      }));

    it('lets exactly one of many concurrent appends with the same expected revision win', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await store.append(streamId, events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => store.append(streamId, events(2), { expectedRevision: 0 })));
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) if (outcome.status === 'rejected') expectCode(outcome.reason, 'CONCURRENCY.CONFLICT', { streamId, expected: 0, actual: 2 });
        expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1, 2]);
      }));

    it('records the envelope as given, with revision, position, commit time and hash chain', () =>
      run(async ({ store }) => {
        const streamId = streamOf('post');
        const event = newEvent({ type: 'post.scheduled', schemaVersion: 2, data: { title: 'Launch', at: new Date('2030-01-02T03:04:05.000Z'), tags: ['a', 'b'], nested: { n: 1.5, none: null } } });
        const result = await store.append(streamId, [event], { expectedRevision: 'no_stream' });
        const [recorded] = await store.readStream(streamId);
        expect(recorded).toMatchObject({ id: event.id, type: 'post.scheduled', schemaVersion: 2, streamId, revision: 0, globalPosition: result.position, personalFields: [] });
        expect(recorded.data).toEqual({ title: 'Launch', at: '2030-01-02T03:04:05.000Z', tags: ['a', 'b'], nested: { n: 1.5, none: null } });
        expect(recorded.metadata).toMatchObject({ ...event.metadata, prevHash: '0'.repeat(64) });
        expect(recorded.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(new Date(recorded.occurredAt).toISOString()).toBe(recorded.occurredAt);
        expect((await store.verify(streamId)).ok).toBe(true);
      }));
  });
}
