import type { RecordedEvent } from '../envelope/envelope';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import type { EventStoreContractFactory, EventStoreContractFixture } from './contract-fixture';
import { events, expectCode, newEvent, rejection, streamOf, until, withStore } from './contract-fixture';

const revisions = (recorded: readonly RecordedEvent[]) => recorded.map((event) => event.revision);
const positions = (recorded: readonly RecordedEvent[]) => recorded.map((event) => event.globalPosition);

export function readContract(factory: EventStoreContractFactory): void {
  const run = (body: (fixture: EventStoreContractFixture) => Promise<void>) => withStore(factory, {}, body);

  describe('readStream', () => {
    it('reads forwards and backwards, bounded by revisions and maxCount', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await store.append(streamId, events(3), { expectedRevision: 'no_stream' });
        await store.append(streamId, events(3), { expectedRevision: 2 });
        await store.append(streamOf(), events(2), { expectedRevision: 'no_stream' });
        expect(revisions(await store.readStream(streamId))).toEqual([0, 1, 2, 3, 4, 5]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards' }))).toEqual([5, 4, 3, 2, 1, 0]);
        expect(revisions(await store.readStream(streamId, { fromRevision: 2, toRevision: 4 }))).toEqual([2, 3, 4]);
        expect(revisions(await store.readStream(streamId, { fromRevision: 4, maxCount: 10 }))).toEqual([4, 5]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual([3, 2]);
        expect(revisions(await store.readStream(streamId, { direction: 'backwards', toRevision: 4 }))).toEqual([5, 4]);
        expect(revisions(await store.readStream(streamId, { maxCount: 1 }))).toEqual([0]);
        expect(await store.readStream(streamId, { fromRevision: 6 })).toEqual([]);
      }));

    it('reads a stream that does not exist as empty', () =>
      run(async ({ store }) => {
        expect(await store.readStream(streamOf())).toEqual([]);
      }));

    it('reads the stream as it was at an instant (asOf)', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await store.append(streamId, events(2), { expectedRevision: 'no_stream' });
        const [first] = await store.readStream(streamId);
        await until(() => Date.now() > Date.parse(first.occurredAt) + 2, 'the clock has moved on');
        await store.append(streamId, events(1), { expectedRevision: 1 });
        const all = await store.readStream(streamId);
        expect(Date.parse(all[2].occurredAt)).toBeGreaterThan(Date.parse(first.occurredAt));
        expect(revisions(await store.readStream(streamId, { asOf: new Date(first.occurredAt) }))).toEqual([0, 1]);
        expect(revisions(await store.readStream(streamId, { asOf: new Date(Date.parse(first.occurredAt) - 1) }))).toEqual([]);
        expect(revisions(await store.readStream(streamId, { asOf: new Date(all[2].occurredAt) }))).toEqual([0, 1, 2]);
        expect(revisions(await store.readStream(streamId, { asOf: new Date(first.occurredAt), direction: 'backwards' }))).toEqual([1, 0]);
      }));

    it('rejects invalid read options', () =>
      run(async ({ store }) => {
        expectCode(await rejection(store.readStream(streamOf(), { maxCount: 0 })), 'VALIDATION.FAILED');
        expectCode(await rejection(store.readAll({ afterPosition: -1 })), 'VALIDATION.FAILED');
      }));
  });

  describe('readAll', () => {
    it('reads every stream in global order with gap-free positions, after a position, bounded by maxCount', () =>
      run(async ({ store }) => {
        expect(await store.headPosition()).toBe(0);
        const streams = [streamOf('post'), streamOf('user'), streamOf('post')];
        for (let round = 0; round < 3; round += 1) {
          for (const streamId of streams) await store.append(streamId, events(2), { expectedRevision: round === 0 ? 'no_stream' : round * 2 - 1 });
        }
        const all = await store.readAll();
        expect(positions(all)).toEqual(Array.from({ length: 18 }, (_, index) => index + 1));
        expect(await store.headPosition()).toBe(18);
        expect(positions(await store.readAll({ afterPosition: 15 }))).toEqual([16, 17, 18]);
        expect(positions(await store.readAll({ afterPosition: 4, maxCount: 3 }))).toEqual([5, 6, 7]);
        expect(await store.readAll({ afterPosition: 18 })).toEqual([]);
        for (const streamId of streams) {
          expect(all.filter((event) => event.streamId === streamId).map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5]);
        }
      }));

    it('filters by categories and event types', () =>
      run(async ({ store }) => {
        const post = streamOf('post');
        const user = streamOf('user');
        const account = streamOf('socialAccount');
        await store.append(post, [newEvent({ type: 'post.drafted' }), newEvent({ type: 'post.scheduled' })], { expectedRevision: 'no_stream' });
        await store.append(user, [newEvent({ type: 'user.registered' })], { expectedRevision: 'no_stream' });
        await store.append(account, [newEvent({ type: 'account.connected' })], { expectedRevision: 'no_stream' });
        const streamsOf = (recorded: readonly RecordedEvent[]) => recorded.map((event) => event.streamId);
        expect(streamsOf(await store.readAll({ filter: { categories: ['post', 'socialAccount'] } }))).toEqual([post, post, account]);
        expect((await store.readAll({ filter: { eventTypes: ['post.scheduled', 'user.registered'] } })).map((event) => event.type)).toEqual(['post.scheduled', 'user.registered']);
        expect((await store.readAll({ filter: { categories: ['post'], eventTypes: ['post.scheduled', 'user.registered'] } })).map((event) => event.type)).toEqual(['post.scheduled']);
        const filtered = await store.readAll({ afterPosition: 1, maxCount: 1, filter: { categories: ['post', 'user'] } });
        expect(positions(filtered)).toEqual([2]);
      }));
  });

  describe('upcasting', () => {
    const chain = () =>
      new UpcasterRegistry().register(
        { type: 'post.scheduled', fromVersion: 1, upcast: (data) => ({ ...(data as object), timezone: 'UTC' }) },
        { type: 'post.scheduled', fromVersion: 2, upcast: (data) => ({ ...(data as object), channels: [] }) },
      );

    it('brings old events to the current version through the chain, on every read path', () =>
      withStore(factory, { upcasters: chain() }, async ({ store }) => {
        const streamId = streamOf('post');
        await store.append(
          streamId,
          [
            newEvent({ type: 'post.scheduled', schemaVersion: 1, data: { at: 't1' } }),
            newEvent({ type: 'post.scheduled', schemaVersion: 2, data: { at: 't2', timezone: 'Europe/Paris' } }),
            newEvent({ type: 'post.scheduled', schemaVersion: 3, data: { at: 't3', timezone: 'UTC', channels: ['x'] } }),
            newEvent({ type: 'post.drafted', schemaVersion: 1, data: { title: 'kept' } }),
          ],
          { expectedRevision: 'no_stream' },
        );
        const expected = [
          { schemaVersion: 3, data: { at: 't1', timezone: 'UTC', channels: [] } },
          { schemaVersion: 3, data: { at: 't2', timezone: 'Europe/Paris', channels: [] } },
          { schemaVersion: 3, data: { at: 't3', timezone: 'UTC', channels: ['x'] } },
          { schemaVersion: 1, data: { title: 'kept' } },
        ];
        expect(await store.readStream(streamId)).toMatchObject(expected);
        expect(await store.readAll()).toMatchObject(expected);
        expect((await store.verify(streamId)).ok).toBe(true);
      }));

    it('fails naming the stream and revision when a link is missing, an upcaster throws, or the version is too new', async () => {
      const streamId = streamOf('post');
      const gap = new UpcasterRegistry().register({ type: 'post.scheduled', fromVersion: 2, upcast: (data) => data });
      await withStore(factory, { upcasters: gap }, async ({ store }) => {
        await store.append(streamId, [newEvent({ type: 'post.scheduled', schemaVersion: 3 }), newEvent({ type: 'post.scheduled', schemaVersion: 1 })], { expectedRevision: 'no_stream' });
        expectCode(await rejection(store.readStream(streamId)), 'EVENT_STORE.UPCAST_FAILED', { streamId, revision: 1, missingFromVersion: 1 });
        expectCode(await rejection(store.readAll()), 'EVENT_STORE.UPCAST_FAILED', { streamId, revision: 1 });
        const newer = streamOf('post');
        await store.append(newer, [newEvent({ type: 'post.scheduled', schemaVersion: 4 })], { expectedRevision: 'no_stream' });
        expectCode(await rejection(store.readStream(newer)), 'EVENT_STORE.UNSUPPORTED_SCHEMA_VERSION', { streamId: newer, revision: 0 });
      });
      const throwing = new UpcasterRegistry().register({
        type: 'post.scheduled',
        fromVersion: 1,
        upcast: () => {
          throw new Error('cannot read');
        },
      });
      await withStore(factory, { upcasters: throwing }, async ({ store }) => {
        const other = streamOf('post');
        await store.append(other, [newEvent({ type: 'post.scheduled', schemaVersion: 1 })], { expectedRevision: 'no_stream' });
        expectCode(await rejection(store.readStream(other)), 'EVENT_STORE.UPCAST_FAILED', { streamId: other, revision: 0, failedFromVersion: 1 });
      });
    });
  });
}
