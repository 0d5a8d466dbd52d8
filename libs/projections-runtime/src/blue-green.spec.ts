import {
  PROJECTION_AUDIT_COLLECTION,
  PROJECTION_STATE_COLLECTION,
  ProjectionCatalog,
  ProjectionOperations,
  ProjectionRunner,
  type ProjectionDefinition,
} from '.';
import {
  allDocuments,
  appendEvents,
  newRunner,
  openStores,
  postCounters,
  RecordingLog,
  streamsOf,
  type TestStores,
  waitUntil,
} from '../test/projection-test-kit';

jest.setTimeout(60_000);

/** `definition` with a handler that holds at `position` until released: a build caught mid-way. */
function held(definition: ProjectionDefinition, position: number) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const state = { reached: false, release: () => release() };
  const holding: ProjectionDefinition = {
    ...definition,
    handle: async (event, context) => {
      if (event.globalPosition === position) {
        state.reached = true;
        await gate;
      }
      await definition.handle(event, context);
    },
  };
  return { definition: holding, state };
}

describe('blue/green versions', () => {
  let stores: TestStores;
  let catalog: ProjectionCatalog;
  let operations: ProjectionOperations;
  const runners: ProjectionRunner[] = [];
  const holds: { release(): void }[] = [];
  const run = async (
    definitions: ProjectionDefinition[],
    log = new RecordingLog(),
  ): Promise<ProjectionRunner> => {
    const runner = newRunner(stores, definitions, { log });
    runners.push(runner);
    await runner.start();
    return runner;
  };

  beforeEach(async () => {
    stores = await openStores();
    catalog = new ProjectionCatalog(stores.readStore);
    operations = new ProjectionOperations({ eventStore: stores.eventStore, readStore: stores.readStore });
    await appendEvents(stores.eventStore, streamsOf('post', 3), 20);
    const v1 = await run([postCounters(1)]);
    await v1.whenCaughtUp();
    await v1.stop();
  });
  afterEach(async () => {
    for (const hold of holds.splice(0)) hold.release();
    for (const runner of runners.splice(0)) await runner.stop();
    await stores.cleanup();
  });

  const total = async () =>
    (await (await catalog.open('postCounters', 'totals')).findOne({ _id: 'all' }))?.events;

  it('builds a new version beside the live one, which keeps serving and following until the swap', async () => {
    const v2 = held(postCounters(2), 55);
    holds.push(v2.state);
    const runner = await run([postCounters(1), v2.definition]);
    await waitUntil(async () => v2.state.reached);

    expect(await catalog.liveCollection('postCounters', 'postCounters')).toBe('postCounters_v1');
    await appendEvents(stores.eventStore, ['post-live'], 4);
    await waitUntil(async () => (await total()) === 64);
    expect(await operations.statusOf('postCounters')).toMatchObject({
      version: 1,
      lagEvents: 0,
      // The candidate rebuilds in memory: nothing of it is stored before its first flush.
      building: { version: 2, status: 'rebuilding', checkpoint: 0 },
    });
    expect(
      await (await catalog.open('postCounters', 'postCounters')).findOne({ _id: 'post-0000' }),
    ).toMatchObject({ events: 20, version: 1 });

    v2.state.release();
    await runner.whenCaughtUp('postCounters');
    expect(await catalog.liveCollection('postCounters', 'postCounters')).toBe('postCounters_v2');
    expect(await total()).toBe(64);
    expect(
      await (await catalog.open('postCounters', 'postCounters')).findOne({ _id: 'post-live' }),
    ).toMatchObject({ events: 4, version: 2 });
    const collections = await stores.readStore.listCollections();
    expect(collections).toEqual(expect.arrayContaining(['postCounters_v2', 'postCounters.totals_v2']));
    expect(collections.filter((name) => name.endsWith('_v1'))).toEqual([]);
    expect(
      await stores.readStore.collection(PROJECTION_STATE_COLLECTION).findOne({ _id: 'postCounters@v1' }),
    ).toBeNull();
    const [swap] = await stores.readStore.collection(PROJECTION_AUDIT_COLLECTION).find({ action: 'swap' });
    expect(swap).toMatchObject({
      name: 'postCounters',
      version: 2,
      actor: 'system:projection-runner',
      details: { from: 1, to: 2 },
    });
  });

  it('keeps serving a live version whose definition is gone, without following, until the new one takes over', async () => {
    const v2 = held(postCounters(2), 30);
    holds.push(v2.state);
    const log = new RecordingLog();
    const runner = await run([v2.definition], log);
    await waitUntil(async () => v2.state.reached);
    await appendEvents(stores.eventStore, ['post-live'], 4);
    await runner.reconcile();
    expect(await total()).toBe(60);
    expect(log.messages.some((message) => message.includes('keeps serving but not following'))).toBe(true);

    v2.state.release();
    await runner.whenCaughtUp('postCounters');
    expect(await total()).toBe(64);
  });

  it('rebuilds the same definition into a fresh version on request, with identical documents', async () => {
    const runner = await run([postCounters(1)]);
    await runner.whenCaughtUp();
    const before = await allDocuments(stores.readStore, 'postCounters_v1');

    await runner.stop();
    expect(await operations.rebuild('postCounters', { actor: 'ops:ana', reason: 'suspected drift' })).toBe(2);
    await expect(operations.rebuild('postCounters', { actor: 'ops:ana' })).rejects.toMatchObject({
      code: 'PROJECTIONS.REBUILD_IN_PROGRESS',
    });
    const rebuilt = await run([postCounters(1)]);
    await rebuilt.whenCaughtUp();

    expect(await catalog.liveCollection('postCounters', 'postCounters')).toBe('postCounters_v2');
    expect(await allDocuments(stores.readStore, 'postCounters_v2')).toEqual(before);
    const status = await operations.statusOf('postCounters');
    expect(status).toMatchObject({ version: 2, definitionVersion: 1, building: null, lagEvents: 0 });
    const actions = await stores.readStore
      .collection(PROJECTION_AUDIT_COLLECTION)
      .find({}, { sort: { at: 1, _id: 1 } });
    expect(actions.map((entry) => [entry.action, entry.actor])).toEqual([
      ['rebuild', 'ops:ana'],
      ['swap', 'system:projection-runner'],
    ]);
  });

  it('lets older code leave a newer live version alone while its other projections run', async () => {
    const upgraded = await run([postCounters(2)]);
    await upgraded.whenCaughtUp();
    await upgraded.stop();

    const log = new RecordingLog();
    const other = postCounters(1, { name: 'otherCounters', collections: ['otherCounters', 'totals'] });
    const older = await run(
      [
        postCounters(1),
        {
          ...other,
          setup: undefined,
          handle: (_event, context) => context.upsert('totals', 'all', { $inc: { events: 1 } }),
        },
      ],
      log,
    );
    await appendEvents(stores.eventStore, ['post-late'], 3);
    await older.whenCaughtUp('otherCounters');
    expect(await total()).toBe(60);
    expect(log.messages.filter((message) => message.includes('not running it'))).toHaveLength(1);
    await expect(older.whenCaughtUp('postCounters', { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'PROJECTIONS.CATCH_UP_TIMEOUT',
    });
    expect(await catalog.liveCollection('postCounters', 'postCounters')).toBe('postCounters_v2');
  });
});
