import { FixedClock } from '@herald/shared-kernel';
import {
  defineProjection,
  ProjectionCatalog,
  ProjectionOperations,
  SETUP_FAILURE_TYPE,
  type ProjectionDefinition,
} from '.';
import {
  appendEvents,
  newRunner,
  openStores,
  postCounters,
  type TestStores,
  waitUntil,
} from '../test/projection-test-kit';

jest.setTimeout(60_000);

describe(ProjectionOperations.name, () => {
  const start = new Date('2025-03-01T09:00:00.000Z');
  let clock: FixedClock;
  let stores: TestStores;
  let sut: ProjectionOperations;

  beforeEach(async () => {
    clock = new FixedClock(start);
    stores = await openStores({ clock });
    sut = new ProjectionOperations({ eventStore: stores.eventStore, readStore: stores.readStore, clock });
  });
  afterEach(async () => stores.cleanup());

  it('reports lag in events and in time behind the oldest event not yet applied', async () => {
    await appendEvents(stores.eventStore, ['post-a'], 10);
    clock.advance(5_000);
    await appendEvents(stores.eventStore, ['post-b'], 10);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const base = postCounters();
    const held: ProjectionDefinition = {
      ...base,
      handle: async (event, context) => {
        if (event.globalPosition === 11) await gate;
        await base.handle(event, context);
      },
    };
    const runner = newRunner(stores, [held], { batchSize: 10 });
    await runner.start();
    try {
      await waitUntil(async () => (await sut.statusOf('postCounters')).checkpoint === 10);
      clock.advance(60_000);
      expect(await sut.status()).toEqual([
        {
          name: 'postCounters',
          version: 1,
          definitionVersion: 1,
          status: 'running',
          checkpoint: 10,
          head: 20,
          lagEvents: 10,
          lagMs: 60_000,
          lastError: null,
          building: null,
        },
      ]);
      release();
      await runner.whenCaughtUp();
      expect(await sut.statusOf('postCounters')).toMatchObject({ checkpoint: 20, lagEvents: 0, lagMs: 0 });
    } finally {
      release();
      await runner.stop();
    }
  });

  it('counts only the events the projection handles in its time lag', async () => {
    await appendEvents(stores.eventStore, ['user-a'], 5, ['user.registered']);
    const runner = newRunner(stores, [postCounters()]);
    await runner.start();
    await runner.whenCaughtUp();
    await runner.stop();
    clock.advance(30_000);
    await appendEvents(stores.eventStore, ['user-b'], 5, ['user.registered']);
    clock.advance(1_000);
    await appendEvents(stores.eventStore, ['post-a'], 1);
    clock.advance(2_000);
    expect(await sut.statusOf('postCounters')).toMatchObject({
      checkpoint: 5,
      head: 11,
      lagEvents: 6,
      lagMs: 2_000,
    });
  });

  it('reports a projection whose setup fails as failed instead of retrying forever', async () => {
    const badIndex = defineProjection({
      name: 'badIndex',
      version: 1,
      collections: ['badIndex'],
      setup: async (indexes) => indexes.createIndex('elsewhere', { fields: { a: 1 } }),
      handle: () => undefined,
    });
    const runner = newRunner(stores, [badIndex]);
    await runner.start();
    try {
      await expect(runner.whenCaughtUp()).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
      expect((await sut.statusOf('badIndex')).lastError).toMatchObject({
        type: SETUP_FAILURE_TYPE,
        code: 'PROJECTIONS.UNKNOWN_COLLECTION',
      });
    } finally {
      await runner.stop();
    }
  });

  it('answers clearly for projections that do not exist or were never started', async () => {
    await expect(sut.statusOf('nope')).rejects.toMatchObject({ code: 'PROJECTIONS.NOT_FOUND' });
    await expect(sut.retry('nope', { actor: 'ops:ana' })).rejects.toMatchObject({
      code: 'PROJECTIONS.NOT_FOUND',
    });
    await expect(sut.rebuild('nope', { actor: 'ops:ana' })).rejects.toMatchObject({
      code: 'PROJECTIONS.NOT_FOUND',
    });
    await expect(
      new ProjectionCatalog(stores.readStore).liveCollection('nope', 'nope'),
    ).rejects.toMatchObject({ code: 'PROJECTIONS.NOT_READY' });
  });
});
