import type { RecordedEvent } from '@herald/event-store';
import {
  defineProjection,
  PROJECTION_AUDIT_COLLECTION,
  ProjectionOperations,
  ProjectionRunner,
  type ProjectionDefinition,
} from '.';
import {
  allDocuments,
  appendEvents,
  newEvent,
  newRunner,
  openStores,
  postCounters,
  streamsOf,
  type TestStores,
  waitUntil,
} from '../test/projection-test-kit';

jest.setTimeout(60_000);

/** A projection whose handler throws on events marked `poison` until `fixed` is set, as a deployed fix would. */
function fragileCounter(version = 1): ProjectionDefinition & { fixed: boolean } {
  const definition = {
    fixed: false,
    ...defineProjection({
      name: 'fragile',
      version,
      collections: ['fragile'],
      handle: (event: RecordedEvent<{ poison?: boolean }>, context) => {
        if (event.data.poison === true && !definition.fixed) throw new Error(`cannot read ${event.type}`);
        context.upsert('fragile', event.streamId, { $inc: { events: 1 } });
      },
    }),
  };
  return definition;
}

describe('poison events', () => {
  let stores: TestStores;
  let runner: ProjectionRunner;
  let operations: ProjectionOperations;
  let fragile: ReturnType<typeof fragileCounter>;
  let poisonPosition: number;

  beforeEach(async () => {
    stores = await openStores();
    await appendEvents(stores.eventStore, ['post-before'], 30);
    const poison = newEvent('post.scheduled', { poison: true });
    poisonPosition = (
      await stores.eventStore.append('post-poison', [poison], { expectedRevision: 'no_stream' })
    ).position;
    await appendEvents(stores.eventStore, ['post-after'], 10);
    fragile = fragileCounter();
    runner = newRunner(stores, [fragile, postCounters()], { batchSize: 100 });
    operations = new ProjectionOperations({
      eventStore: stores.eventStore,
      readStore: stores.readStore,
      onChanged: () => runner.reconcile(),
    });
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await stores.cleanup();
  });

  const fragileDocs = async () =>
    (await allDocuments(stores.readStore, 'fragile_v1')).map((doc) => [doc._id, doc.events]);

  it('stops only that projection, at the event, with the error on record', async () => {
    await expect(runner.whenCaughtUp('fragile')).rejects.toMatchObject({
      code: 'PROJECTIONS.FAILED',
      details: { position: poisonPosition },
    });
    await runner.whenCaughtUp('postCounters');

    const [status] = (await operations.status()).filter((each) => each.name === 'fragile');
    expect(status).toMatchObject({
      status: 'failed',
      // The events before the poison event, in the same batch, are kept.
      checkpoint: poisonPosition - 1,
      lastError: {
        position: poisonPosition,
        type: 'post.scheduled',
        streamId: 'post-poison',
        message: 'Error: cannot read post.scheduled',
        code: null,
      },
    });
    expect(status.lastError?.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await fragileDocs()).toEqual([['post-before', 30]]);

    // It stays stopped: later events are not applied behind the operator's back.
    await appendEvents(stores.eventStore, ['post-later'], 3);
    await runner.whenCaughtUp('postCounters');
    await runner.reconcile();
    expect(await fragileDocs()).toEqual([['post-before', 30]]);
  });

  it('resumes from the failed event when retried after the handler is fixed', async () => {
    await expect(runner.whenCaughtUp('fragile')).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
    await operations.retry('fragile', { actor: 'ops:ana', reason: 'deployed the fix' });
    await expect(runner.whenCaughtUp('fragile')).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });

    fragile.fixed = true;
    await operations.retry('fragile', { actor: 'ops:ana', reason: 'deployed the fix, really' });
    await runner.whenCaughtUp('fragile');
    expect(await fragileDocs()).toEqual([
      ['post-after', 10],
      ['post-before', 30],
      ['post-poison', 1],
    ]);
    const audit = await stores.readStore
      .collection(PROJECTION_AUDIT_COLLECTION)
      .find({ name: 'fragile' }, { sort: { at: 1, _id: 1 } });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.reason])).toEqual([
      ['retry', 'ops:ana', 'deployed the fix'],
      ['retry', 'ops:ana', 'deployed the fix, really'],
    ]);
    expect((await operations.statusOf('fragile')).lastError).toBeNull();
  });

  it('skips the event only when told which one and why, and keeps an audit entry', async () => {
    await expect(runner.whenCaughtUp('fragile')).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
    await expect(
      operations.skip('fragile', poisonPosition + 1, { actor: 'ops:ana', reason: 'corrupt' }),
    ).rejects.toMatchObject({
      code: 'PROJECTIONS.SKIP_POSITION_MISMATCH',
    });
    await expect(
      operations.skip('fragile', poisonPosition, { actor: 'ops:ana', reason: ' ' }),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    await expect(
      operations.skip('fragile', poisonPosition, { actor: '', reason: 'corrupt' }),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });

    await operations.skip('fragile', poisonPosition, {
      actor: 'ops:ana',
      reason: 'test data, never shown to customers',
    });
    await runner.whenCaughtUp('fragile');
    expect(await fragileDocs()).toEqual([
      ['post-after', 10],
      ['post-before', 30],
    ]);
    const [entry] = await stores.readStore
      .collection(PROJECTION_AUDIT_COLLECTION)
      .find({ name: 'fragile', action: 'skip' });
    expect(entry).toMatchObject({
      version: 1,
      actor: 'ops:ana',
      reason: 'test data, never shown to customers',
      event: {
        position: poisonPosition,
        type: 'post.scheduled',
        streamId: 'post-poison',
        message: 'Error: cannot read post.scheduled',
      },
      details: { position: poisonPosition },
    });
    expect(typeof entry.at).toBe('string');
    await expect(operations.retry('fragile', { actor: 'ops:ana' })).rejects.toMatchObject({
      code: 'PROJECTIONS.NOT_FAILED',
    });
  });

  it('pins a write the store refuses on the event that produced it', async () => {
    const badWriter = defineProjection({
      name: 'badWriter',
      version: 1,
      collections: ['badWriter'],
      handle: (event, context) => {
        // Event 12 sets `count` to a string; event 13's $inc on it is refused by the store.
        const n = (event.data as { n: number }).n;
        context.upsert(
          'badWriter',
          'doc',
          n === 12 && event.streamId === 'post-before'
            ? { $set: { count: 'twelve' } }
            : { $inc: { count: 1 } },
        );
      },
    });
    const own = newRunner(stores, [badWriter], { batchSize: 100 });
    await own.start();
    try {
      await expect(own.whenCaughtUp('badWriter')).rejects.toMatchObject({
        code: 'PROJECTIONS.FAILED',
        details: { position: 14 },
      });
      const status = await operations.statusOf('badWriter');
      expect(status).toMatchObject({
        checkpoint: 13,
        lastError: { position: 14, code: 'READ_STORE.INVALID_UPDATE' },
      });
      expect(await allDocuments(stores.readStore, 'badWriter_v1')).toEqual([
        { _id: 'doc', count: 'twelve', _position: 13 },
      ]);
    } finally {
      await own.stop();
    }
  });

  it('rejects writes the projection did not declare, and two writes to one document per event', async () => {
    const undeclared = defineProjection({
      name: 'undeclared',
      version: 1,
      collections: ['mine'],
      handle: (_event, context) => context.upsert('theirs', 'x', { $set: { a: 1 } }),
    });
    const twice = defineProjection({
      name: 'twice',
      version: 1,
      collections: ['twice'],
      handle: (event, context) => {
        context.upsert('twice', event.streamId, { $inc: { events: 1 } });
        context.upsert('twice', event.streamId, { $set: { last: event.type } });
      },
    });
    const own = newRunner(stores, [undeclared, twice]);
    await own.start();
    try {
      await expect(own.whenCaughtUp('undeclared')).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
      await expect(own.whenCaughtUp('twice')).rejects.toMatchObject({ code: 'PROJECTIONS.FAILED' });
      expect((await operations.statusOf('undeclared')).lastError).toMatchObject({
        position: 1,
        code: 'PROJECTIONS.UNKNOWN_COLLECTION',
      });
      expect((await operations.statusOf('twice')).lastError).toMatchObject({
        position: 1,
        code: 'PROJECTIONS.DUPLICATE_WRITE',
      });
    } finally {
      await own.stop();
    }
  });
});

describe('poison events in a projection being rebuilt', () => {
  it('stops the new version only; the live one keeps serving and following', async () => {
    const stores = await openStores();
    const first = newRunner(stores, [postCounters(1)]);
    await first.start();
    try {
      await appendEvents(stores.eventStore, streamsOf('post', 2), 20);
      await first.whenCaughtUp();
      await first.stop();
      const broken = postCounters(2, {
        handle: (event) => {
          if (event.globalPosition === 25) throw new Error('v2 cannot handle this');
        },
      });
      const second = newRunner(stores, [postCounters(1), broken]);
      await second.start();
      try {
        await expect(second.whenCaughtUp()).rejects.toMatchObject({
          code: 'PROJECTIONS.FAILED',
          details: { version: 2, position: 25 },
        });
        await appendEvents(stores.eventStore, ['post-new'], 5);
        const operations = new ProjectionOperations({
          eventStore: stores.eventStore,
          readStore: stores.readStore,
        });
        await waitUntil(async () => (await operations.statusOf('postCounters')).lagEvents === 0);
        const status = await operations.statusOf('postCounters');
        expect(status).toMatchObject({
          version: 1,
          status: 'running',
          checkpoint: 45,
          building: { version: 2, status: 'failed', checkpoint: 24 },
        });
      } finally {
        await second.stop();
      }
    } finally {
      await stores.cleanup();
    }
  });
});
