import { MongoReadStore, type ReadStore } from '@herald/read-store';
import { PROJECTION_STATE_COLLECTION, ProjectionCatalog } from '.';
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

jest.setTimeout(120_000);

interface Target {
  readonly name: string;
  open(stores: TestStores): Promise<{ readStore: ReadStore; close(): Promise<void> }>;
}

/**
 * The path for stores without atomic batches (MongoDB, FerretDB): writes are applied one by one,
 * each stamped with its event's position, and the checkpoint last. A crash can leave any prefix
 * of a batch; replaying from the stored checkpoint must converge to the same documents.
 */
function describeIdempotentPath(target: Target): void {
  describe(`projections on a store without atomic batches: ${target.name}`, () => {
    let stores: TestStores;
    let inner: { readStore: ReadStore; close(): Promise<void> };

    beforeEach(async () => {
      stores = await openStores();
      inner = await target.open(stores);
      await appendEvents(stores.eventStore, streamsOf('post', 4), 60);
    });
    afterEach(async () => {
      await inner.close();
      await stores.cleanup();
    });

    const counters = async () => {
      const catalog = new ProjectionCatalog(inner.readStore);
      const perStream = await (
        await catalog.open('postCounters', 'postCounters')
      ).find({}, { sort: { _id: 1 } });
      const total = await (await catalog.open('postCounters', 'totals')).findOne({ _id: 'all' });
      return { perStream: perStream.map((doc) => [doc._id, doc.events]), total: total?.events };
    };
    const exact = { perStream: streamsOf('post', 4).map((id) => [id, 60]), total: 240 };

    it.each([17, 58, 101, 203])(
      'keeps counters exact when the process dies after %i writes',
      async (writes) => {
        const crashing = new CrashingReadStore(inner.readStore, { atomicBatch: false });
        crashing.crashAfterWrites(writes);
        const doomed = newRunner({ eventStore: stores.eventStore, readStore: crashing }, [postCounters()], {
          batchSize: 40,
          backoff: { initialMs: 60_000, maxMs: 60_000 },
        });
        await doomed.start();
        await waitUntil(() => crashing.crashed);
        await doomed.stop();

        const restarted = newRunner(
          { eventStore: stores.eventStore, readStore: inner.readStore },
          [postCounters()],
          { batchSize: 40 },
        );
        await restarted.start();
        try {
          await restarted.whenCaughtUp();
          expect(await counters()).toEqual(exact);
        } finally {
          await restarted.stop();
        }
      },
    );

    it('converges to the same documents when every event is replayed from a lost checkpoint', async () => {
      const first = newRunner(
        { eventStore: stores.eventStore, readStore: inner.readStore },
        [postCounters()],
        { batchSize: 40 },
      );
      await first.start();
      await first.whenCaughtUp();
      await first.stop();
      const before = await allDocuments(inner.readStore, 'postCounters_v1');
      expect(await counters()).toEqual(exact);

      await inner.readStore
        .collection(PROJECTION_STATE_COLLECTION)
        .updateOne({ _id: 'postCounters@v1' }, { $set: { checkpoint: 0 } });
      const replay = newRunner(
        { eventStore: stores.eventStore, readStore: inner.readStore },
        [postCounters()],
        { batchSize: 40 },
      );
      await replay.start();
      try {
        await replay.whenCaughtUp();
        expect(await allDocuments(inner.readStore, 'postCounters_v1')).toEqual(before);
        expect(await counters()).toEqual(exact);
      } finally {
        await replay.stop();
      }
    });
  });
}

describeIdempotentPath({
  name: 'embedded store applying writes one by one',
  open: async (stores) => ({
    readStore: new CrashingReadStore(stores.readStore, { atomicBatch: false }),
    close: async () => undefined,
  }),
});

const mongoUrl = process.env.MONGODB_URL;
if (mongoUrl === undefined || mongoUrl === '') {
  console.warn(
    '\n*** Projection runner on MongoDB/FerretDB NOT RUN: MONGODB_URL is not set.\n' +
      '*** Start one with `scripts/servers/ferretdb.sh start` and export the MONGODB_URL it prints.\n',
  );
  describe('projections on MongoDB wire protocol', () => {
    it.skip('needs MONGODB_URL', () => undefined);
  });
} else {
  describeIdempotentPath({
    name: 'MongoDB wire protocol (MONGODB_URL)',
    open: async () => {
      const store = await MongoReadStore.connect({
        url: mongoUrl,
        database: `herald_proj_${process.pid}_${Date.now().toString(36)}`,
      });
      return {
        readStore: store,
        close: async () => {
          await store.dropDatabase();
          await store.close();
        },
      };
    },
  });
}
