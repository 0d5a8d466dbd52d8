import type { RecordedEvent } from '@herald/event-store';
import { POSITION_FIELD, type AnyDocument, type ReadStore } from '@herald/read-store';
import {
  defineProjection,
  PROJECTION_STATE_COLLECTION,
  ProjectionOperations,
  type ProjectionDefinition,
  type ProjectionRunner,
} from '.';
import { CrashingReadStore } from '../test/crashing-read-store';
import {
  appendEvents,
  newRunner,
  openStores,
  streamsOf,
  type TestStores,
  waitUntil,
} from '../test/projection-test-kit';

jest.setTimeout(60_000);

const COLLECTIONS = ['boards', 'byKind', 'log'] as const;
const STREAMS = streamsOf('post', 6);
const PER_STREAM = 100;
const EVENTS = STREAMS.length * PER_STREAM;

interface Board extends AnyDocument {
  n: number;
  recent: string[];
  seenInLog: number;
}

/**
 * Exercises every kind of read and write a handler has: get then replace, a guarded `$inc`
 * upsert, `updateMany` and `deleteMany` by filter, and a sorted, limited `find`.
 */
/**
 * Replay-safe as the README asks of projections on stores without atomic batches: each document
 * is derived from the event and its own previous state — except `seenInLog` with `find`, which
 * copies other documents' state and is left out (`usesFind: false`) where a crash can leave a
 * half-written flush.
 */
function boards(
  version: number,
  options: { poison?: (event: RecordedEvent) => boolean; usesFind?: boolean } = {},
): ProjectionDefinition {
  return defineProjection({
    name: 'boards',
    version,
    categories: ['post'],
    collections: [...COLLECTIONS],
    setup: async (indexes) => {
      await indexes.createIndex('byKind', { fields: { kind: 1 } });
      await indexes.createIndex('log', { fields: { stream: 1, at: 1 } });
    },
    handle: async (event, context) => {
      if (options.poison?.(event)) throw new Error(`cannot handle ${event.type} at ${event.globalPosition}`);
      const current = await context.get<Board>('boards', event.streamId);
      const n = (current?.n ?? 0) + 1;
      const logged =
        options.usesFind === false
          ? []
          : await context.find<AnyDocument>(
              'log',
              { stream: event.streamId },
              { sort: { at: -1 }, limit: 2 },
            );
      context.replace<Board>('boards', event.streamId, {
        n,
        recent: [...(current?.recent ?? []), event.type].slice(-3),
        seenInLog: logged.length,
      });
      context.upsert('byKind', event.type, { $inc: { count: 1 }, $set: { kind: event.type.split('.')[1] } });
      const at = event.globalPosition;
      if (at % 5 === 0) context.updateMany('log', { stream: event.streamId }, { $inc: { touched: 1 } });
      else if (at % 7 === 0) context.deleteMany('log', { stream: event.streamId, at: { $lt: at - 40 } });
      else context.replace('log', `${event.streamId}:${at % 4}`, { stream: event.streamId, at });
    },
  });
}

async function documentsOf(readStore: ReadStore, version: number): Promise<Record<string, AnyDocument[]>> {
  const result: Record<string, AnyDocument[]> = {};
  for (const logical of COLLECTIONS) {
    const physical = logical === 'boards' ? `boards_v${version}` : `boards.${logical}_v${version}`;
    result[logical] = await readStore.collection(physical).find({}, { sort: { _id: 1 } });
  }
  return result;
}

describe('the rebuild fast path', () => {
  let stores: TestStores;
  /** What the live path (one commit per batch, reads committing first) built: the reference. */
  let incremental: Record<string, AnyDocument[]>;
  const runners: ProjectionRunner[] = [];

  const track = (runner: ProjectionRunner): ProjectionRunner => {
    runners.push(runner);
    return runner;
  };
  const generation = async (version: number): Promise<AnyDocument | null> =>
    stores.readStore.collection(PROJECTION_STATE_COLLECTION).findOne({ _id: `boards@v${version}` });

  beforeEach(async () => {
    stores = await openStores();
    await appendEvents(stores.eventStore, STREAMS, PER_STREAM, [
      'post.scheduled',
      'post.published',
      'post.edited',
    ]);
    const live = track(newRunner(stores, [boards(1)], { batchSize: 25 }));
    await live.start();
    await live.whenCaughtUp();
    await live.stop();
    incremental = await documentsOf(stores.readStore, 1);
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await stores.cleanup();
  });

  it('builds exactly the documents the live path built, position stamps included, in a few batches', async () => {
    const counting = new CrashingReadStore(stores.readStore, { atomicBatch: true });
    const runner = track(
      newRunner({ eventStore: stores.eventStore, readStore: counting }, [boards(1), boards(2)], {
        batchSize: 25,
        rebuild: { readSize: 40, flushEvents: 150, flushDocuments: 1_000, cacheLimit: 1_000 },
      }),
    );
    await runner.start();
    await runner.whenCaughtUp('boards');

    expect(incremental.boards.map((board) => board.n)).toEqual(STREAMS.map(() => PER_STREAM));
    expect(await documentsOf(stores.readStore, 2)).toEqual(incremental);
    // 600 events in flushes of ~150, plus the runner's own state writes: far fewer than 600 / 25.
    expect(counting.batches).toBeLessThan(10);
  });

  it('gives the same documents when memory is too small to keep them between flushes', async () => {
    const runner = track(
      newRunner(stores, [boards(1), boards(2)], {
        rebuild: { readSize: 7, flushEvents: 20, flushDocuments: 5, cacheLimit: 4 },
      }),
    );
    await runner.start();
    await runner.whenCaughtUp('boards');

    expect(await documentsOf(stores.readStore, 2)).toEqual(incremental);
  });

  it('resumes from the last flush after a crash between flushes', async () => {
    const crashing = new CrashingReadStore(stores.readStore, { atomicBatch: true });
    const settings = { readSize: 40, flushEvents: 100, flushDocuments: 1_000, cacheLimit: 1_000 };
    const doomed = track(
      newRunner({ eventStore: stores.eventStore, readStore: crashing }, [boards(1), boards(2)], {
        rebuild: settings,
        backoff: { initialMs: 60_000, maxMs: 60_000 },
      }),
    );
    // One batch creates v2, then two flushes land and the third never does.
    crashing.crashAfterBatches(3);
    await doomed.start();
    await waitUntil(() => crashing.crashed);
    await doomed.stop();
    const stored = await generation(2);
    expect(stored?.checkpoint).toBeGreaterThan(0);
    expect(stored?.checkpoint).toBeLessThan(EVENTS);

    const restarted = track(newRunner(stores, [boards(1), boards(2)], { rebuild: settings }));
    await restarted.start();
    await restarted.whenCaughtUp('boards');
    expect(await documentsOf(stores.readStore, 2)).toEqual(incremental);
  });

  it('converges when a crash leaves half a flush written on a store without atomic batches', async () => {
    const crashing = new CrashingReadStore(stores.readStore, { atomicBatch: false });
    const settings = { readSize: 40, flushEvents: 100, flushDocuments: 1_000, cacheLimit: 1_000 };
    const doomed = track(
      newRunner(
        { eventStore: stores.eventStore, readStore: crashing },
        [boards(1), boards(2, { usesFind: false })],
        {
          rebuild: settings,
          backoff: { initialMs: 60_000, maxMs: 60_000 },
        },
      ),
    );
    crashing.crashAfterWrites(60);
    await doomed.start();
    await waitUntil(() => crashing.crashed);
    await doomed.stop();
    const checkpoint = Number((await generation(2))?.checkpoint);
    const written = Object.values(await documentsOf(stores.readStore, 2)).flat();
    // The crash landed inside a flush: documents of events past the stored checkpoint are there.
    expect(written.some((doc) => Number(doc[POSITION_FIELD]) > checkpoint)).toBe(true);

    const restarted = track(
      newRunner(stores, [boards(1), boards(2, { usesFind: false })], { rebuild: settings }),
    );
    await restarted.start();
    await restarted.whenCaughtUp('boards');
    const withoutFind = (docs: Record<string, AnyDocument[]>) => ({
      ...docs,
      boards: docs.boards.map(({ seenInLog: _copied, ...board }) => board),
    });
    expect(withoutFind(await documentsOf(stores.readStore, 2))).toEqual(withoutFind(incremental));
  });

  it('stops a rebuild at a poison event with everything before it stored, and resumes after a fix', async () => {
    const poisonAt = 437;
    let fixed = false;
    const settings = {
      rebuild: { readSize: 40, flushEvents: 100, flushDocuments: 1_000, cacheLimit: 1_000 },
    };
    const poisoned = boards(2, { poison: (event) => !fixed && event.globalPosition === poisonAt });
    const runner = track(newRunner(stores, [boards(1), poisoned], settings));
    await runner.start();
    await expect(runner.whenCaughtUp('boards')).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });

    expect(await generation(2)).toMatchObject({
      status: 'failed',
      checkpoint: poisonAt - 1,
      lastError: { position: poisonAt, message: expect.stringContaining(`at ${poisonAt}`) },
    });
    const partial = await documentsOf(stores.readStore, 2);
    const sum = (docs: AnyDocument[], field: string) =>
      docs.reduce((total, doc) => total + Number(doc[field]), 0);
    expect(sum(partial.boards, 'n')).toBe(poisonAt - 1);
    expect(sum(partial.byKind, 'count')).toBe(poisonAt - 1);
    expect(await runner.catalog.liveCollection('boards', 'boards')).toBe('boards_v1');

    fixed = true;
    const operations = new ProjectionOperations({
      eventStore: stores.eventStore,
      readStore: stores.readStore,
      onChanged: () => runner.reconcile(),
    });
    await operations.retry('boards', { actor: 'spec' });
    await runner.whenCaughtUp('boards');
    expect(await documentsOf(stores.readStore, 2)).toEqual(incremental);
  });

  it('replays the slow way when the store refuses a flush, to stop at the event at fault', async () => {
    const clashAt = 300;
    const slots = (version: number, clash: boolean) =>
      defineProjection({
        name: 'slots',
        version,
        categories: ['post'],
        collections: ['slots'],
        setup: (indexes) => indexes.createIndex('slots', { fields: { slot: 1 }, unique: true }),
        handle: (event, context) => {
          const slot = clash && event.globalPosition === clashAt ? 'post-0000' : event.streamId;
          context.upsert('slots', slot === event.streamId ? event.streamId : `odd-${event.globalPosition}`, {
            $set: { slot },
            $inc: { events: 1 },
          });
        },
      });
    const first = track(newRunner(stores, [slots(1, false)]));
    await first.start();
    await first.whenCaughtUp('slots');
    await first.stop();

    const runner = track(
      newRunner(stores, [slots(1, false), slots(2, true)], { rebuild: { flushEvents: 200 } }),
    );
    await runner.start();
    await expect(runner.whenCaughtUp('slots')).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
    expect(
      await stores.readStore.collection(PROJECTION_STATE_COLLECTION).findOne({ _id: 'slots@v2' }),
    ).toMatchObject({
      status: 'failed',
      checkpoint: clashAt - 1,
      lastError: { position: clashAt, code: 'READ_STORE.DUPLICATE_KEY' },
    });
  });
});
