import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectionCatalog, ProjectionOperations, ProjectionRunner, ProjectionsRuntimeModule } from '.';
import {
  appendEvents,
  openStores,
  postCounters,
  RecordingLog,
  type TestStores,
} from '../test/projection-test-kit';

jest.setTimeout(60_000);

describe(ProjectionsRuntimeModule.name, () => {
  let stores: TestStores;
  beforeEach(async () => {
    stores = await openStores();
    await appendEvents(stores.eventStore, ['post-a'], 12);
  });
  afterEach(async () => stores.cleanup());

  const boot = async (run: boolean) => {
    @Module({
      imports: [
        ProjectionsRuntimeModule.forRoot({
          run,
          eventStore: stores.eventStore,
          readStore: stores.readStore,
          definitions: [postCounters()],
          idleMs: 25,
          log: new RecordingLog(),
        }),
      ],
    })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
    return app;
  };

  it('runs the projections from bootstrap to shutdown and serves catalog and operations', async () => {
    const app = await boot(true);
    try {
      await app.get(ProjectionRunner).whenCaughtUp();
      const catalog = app.get(ProjectionCatalog);
      expect(await (await catalog.open('postCounters', 'totals')).findOne({ _id: 'all' })).toMatchObject({
        events: 12,
      });
      expect(await app.get(ProjectionOperations).statusOf('postCounters')).toMatchObject({
        checkpoint: 12,
        lagEvents: 0,
      });
    } finally {
      await app.close();
    }
    expect(app.get(ProjectionRunner).snapshot()).toEqual([]);
  });

  it('only queries and operates when told not to run the projections', async () => {
    const app = await boot(false);
    try {
      await expect(
        app.get(ProjectionCatalog).liveCollection('postCounters', 'postCounters'),
      ).rejects.toMatchObject({
        code: 'PROJECTIONS.NOT_READY',
      });
      expect(app.get(ProjectionRunner).snapshot()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
