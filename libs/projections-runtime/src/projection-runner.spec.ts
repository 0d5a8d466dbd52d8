import { defineProjection, ProjectionCatalog, ProjectionRunner, PROJECTION_STATE_COLLECTION } from '.';
import { CrashingReadStore } from '../test/crashing-read-store';
import {
  allDocuments,
  appendEvents,
  newRunner,
  openStores,
  postCounters,
  streamsOf,
  type TestStores,
  waitUntil,
} from '../test/projection-test-kit';

describe(ProjectionRunner.name, () => {
  let stores: TestStores;
  let runners: ProjectionRunner[];
  const started = async (runner: ProjectionRunner): Promise<ProjectionRunner> => {
    runners.push(runner);
    await runner.start();
    return runner;
  };

  beforeEach(async () => {
    stores = await openStores();
    runners = [];
  });
  afterEach(async () => {
    for (const runner of runners) await runner.stop();
    await stores.cleanup();
  });

  const counters = async (readStore = stores.readStore) => {
    const catalog = new ProjectionCatalog(readStore);
    const perStream = await (
      await catalog.open('postCounters', 'postCounters')
    ).find({}, { sort: { _id: 1 } });
    const total = await (await catalog.open('postCounters', 'totals')).findOne({ _id: 'all' });
    return { perStream: perStream.map((doc) => [doc._id, doc.events]), total: total?.events };
  };

  it('catches up in batches, then follows live appends', async () => {
    await appendEvents(stores.eventStore, streamsOf('post', 3), 120);
    await appendEvents(stores.eventStore, streamsOf('user', 2), 30, ['user.registered']);
    const runner = await started(newRunner(stores, [postCounters()]));
    await runner.whenCaughtUp('postCounters');
    expect(await counters()).toEqual({
      perStream: [
        ['post-0000', 120],
        ['post-0001', 120],
        ['post-0002', 120],
      ],
      total: 360,
    });

    await appendEvents(stores.eventStore, ['post-live'], 7);
    await runner.whenCaughtUp('postCounters');
    expect((await counters()).total).toBe(367);
    const live = await new ProjectionCatalog(stores.readStore).open('postCounters', 'postCounters');
    expect(await live.findOne({ _id: 'post-live' })).toMatchObject({
      events: 7,
      post_scheduled: 4,
      post_published: 3,
      lastType: 'post.scheduled',
    });
    expect(await live.listIndexes()).toEqual(
      expect.arrayContaining([expect.objectContaining({ fields: { lastType: 1 } })]),
    );
  });

  it('stores the checkpoint with the documents and moves it past events the projection does not handle', async () => {
    await appendEvents(stores.eventStore, ['post-a'], 10);
    await appendEvents(stores.eventStore, ['user-a'], 40, ['user.registered']);
    const runner = await started(newRunner(stores, [postCounters()]));
    await runner.whenCaughtUp('postCounters');
    const state = await stores.readStore
      .collection(PROJECTION_STATE_COLLECTION)
      .findOne({ _id: 'postCounters@v1' });
    expect(state).toMatchObject({ checkpoint: 50, status: 'running', lastError: null });
    expect(await stores.readStore.listCollections()).toEqual(
      expect.arrayContaining(['postCounters_v1', 'postCounters.totals_v1']),
    );
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    await appendEvents(stores.eventStore, streamsOf('post', 2), 100);
    const first = await started(newRunner(stores, [postCounters()]));
    await first.whenCaughtUp();
    await first.stop();
    await appendEvents(stores.eventStore, ['post-late'], 25);
    await stores.reopen();

    const second = await started(newRunner(stores, [postCounters()]));
    await second.whenCaughtUp();
    expect(await counters()).toEqual({
      perStream: [
        ['post-0000', 100],
        ['post-0001', 100],
        ['post-late', 25],
      ],
      total: 225,
    });
    expect(second.snapshot()).toEqual([expect.objectContaining({ name: 'postCounters', eventsHandled: 25 })]);
  });

  it.each([
    ['between batches', { atomicBatch: true }],
    ['in the middle of a batch (stores without atomic batches)', { atomicBatch: false }],
  ])('keeps $inc counters exact after a crash %s', async (_when, options) => {
    await appendEvents(stores.eventStore, streamsOf('post', 4), 75);
    const crashing = new CrashingReadStore(stores.readStore, options);
    // Set-up writes a handful of state records; the crash then lands inside the projection's batches.
    crashing.crashAfterWrites(options.atomicBatch ? 3 * 101 + 5 : 137);
    const doomed = await started(
      newRunner({ eventStore: stores.eventStore, readStore: crashing }, [postCounters()], {
        backoff: { initialMs: 60_000, maxMs: 60_000 },
      }),
    );
    await waitUntil(() => crashing.crashed);
    await doomed.stop();
    const checkpoint = (
      await stores.readStore.collection(PROJECTION_STATE_COLLECTION).findOne({ _id: 'postCounters@v1' })
    )?.checkpoint;
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(300);
    await stores.reopen();

    const restarted = await started(newRunner(stores, [postCounters()]));
    await restarted.whenCaughtUp();
    expect(await counters()).toEqual({ perStream: streamsOf('post', 4).map((id) => [id, 75]), total: 300 });
  });

  it('produces identical documents when run twice over the same events', async () => {
    await appendEvents(stores.eventStore, streamsOf('post', 5), 40);
    const other = await openStores();
    try {
      const a = await started(newRunner(stores, [postCounters()], { batchSize: 7 }));
      const b = await started(
        newRunner({ eventStore: stores.eventStore, readStore: other.readStore }, [postCounters()], {
          batchSize: 500,
        }),
      );
      await a.whenCaughtUp();
      await b.whenCaughtUp();
      for (const collection of ['postCounters_v1', 'postCounters.totals_v1']) {
        const left = await allDocuments(stores.readStore, collection);
        expect(left.length).toBeGreaterThan(0);
        expect(await allDocuments(other.readStore, collection)).toEqual(left);
      }
    } finally {
      for (const runner of runners.splice(0)) await runner.stop();
      await other.cleanup();
    }
  });

  it('lets a handler read the documents written by earlier events of the same batch', async () => {
    const sequence = defineProjection({
      name: 'sequence',
      version: 1,
      collections: ['sequence'],
      handle: async (event, context) => {
        const current = await context.get<{ _id: string; seen: number; positions: number[] }>(
          'sequence',
          event.streamId,
        );
        // A $set computed from a read: lost or stale reads show up as a wrong `seen`.
        context.upsert('sequence', event.streamId, {
          $set: { seen: (current?.seen ?? 0) + 1 },
          $push: { positions: event.globalPosition },
        });
      },
    });
    await appendEvents(stores.eventStore, ['post-x', 'post-y'], 30);
    const runner = await started(newRunner(stores, [sequence], { batchSize: 500 }));
    await runner.whenCaughtUp();
    const docs = await allDocuments(stores.readStore, 'sequence_v1');
    expect(docs.map((doc) => [doc._id, doc.seen, (doc.positions as number[]).length])).toEqual([
      ['post-x', 30, 30],
      ['post-y', 30, 30],
    ]);
  });

  it('refuses two definitions of the same projection version', () => {
    expect(() => newRunner(stores, [postCounters(), postCounters()])).toThrow(
      expect.objectContaining({ code: 'PROJECTIONS.INVALID_DEFINITION' }),
    );
  });
});
