import { FixedClock, HeraldError, type IdGenerator, isUuidV7, uuidV7Generator } from '@herald/shared-kernel';
import type { EventStore, RecordedEvent } from '@herald/event-store';
import {
  CommandPipeline,
  HeraldCommand,
  type IdempotencyStore,
  type RequestMetadata,
  SqliteIdempotencyStore,
} from '../src';
import { counterDecider } from './counter.decider';
import { InterferingEventStore } from './interfering-event-store';
import { openTestEventStore, type TestDirectory, testDirectory } from './sqlite-harness';

class OpenCounterCommand extends HeraldCommand<{ counterId: string; revision: number | null }> {
  readonly commandType = 'counters.open';
  constructor(
    readonly ownerId: string,
    readonly ownerEmail: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}

class IncrementCommand extends HeraldCommand<{ value: number; revision: number | null }> {
  readonly commandType = 'counters.increment';
  constructor(
    readonly counterId: string,
    readonly by: number,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}

const streamOf = (counterId: string) => `counter-${counterId}`;

function openCounter(pipeline: CommandPipeline, command: OpenCounterCommand) {
  return pipeline.execute(command, {
    decider: counterDecider,
    prepare: (ids: IdGenerator) => {
      const counterId = ids.next();
      return {
        streamId: streamOf(counterId),
        command: (context) => ({
          type: 'OpenCounter' as const,
          counterId,
          ownerId: command.ownerId,
          ownerEmail: command.ownerEmail,
          context,
        }),
      };
    },
    result: ({ state, revision, events }) => ({
      counterId: events.length > 0 && events[0].type === 'counter.opened' ? events[0].data.counterId : '',
      revision: state.status === 'open' ? revision : null,
    }),
  });
}

function increment(pipeline: CommandPipeline, command: IncrementCommand) {
  return pipeline.execute(command, {
    decider: counterDecider,
    prepare: () => ({
      streamId: streamOf(command.counterId),
      command: (context) => ({ type: 'Increment' as const, by: command.by, context }),
    }),
    result: ({ state, revision }) => ({ value: state.status === 'open' ? state.value : 0, revision }),
  });
}

const metadata = (overrides: Partial<RequestMetadata> = {}): RequestMetadata => ({
  tenantId: 'org-1',
  actor: { kind: 'user', id: 'user-1' },
  correlationId: 'corr-1',
  causationId: null,
  requestId: 'req-1',
  ip: '203.0.113.9',
  userAgent: 'jest',
  ...overrides,
});

/** Simulates a process that died after appending, before it could record the command's result. */
class CrashingOnceIdempotencyStore implements IdempotencyStore {
  crashes = 1;
  constructor(private readonly inner: IdempotencyStore) {}
  begin: IdempotencyStore['begin'] = (...args) => this.inner.begin(...args);
  release: IdempotencyStore['release'] = (scope) => this.inner.release(scope);
  purgeStartedBefore: IdempotencyStore['purgeStartedBefore'] = (instant) =>
    this.inner.purgeStartedBefore(instant);
  close: IdempotencyStore['close'] = () => this.inner.close();
  async complete(...args: Parameters<IdempotencyStore['complete']>): Promise<void> {
    if (this.crashes > 0) {
      this.crashes -= 1;
      throw new Error('process died');
    }
    return this.inner.complete(...args);
  }
}

describe(CommandPipeline.name, () => {
  let dir: TestDirectory;
  let inner: EventStore;
  let store: InterferingEventStore;
  let idempotency: IdempotencyStore;
  let clock: FixedClock;
  let sut: CommandPipeline;

  const pipelineWith = (overrides: { idempotency?: IdempotencyStore; maxAttempts?: number } = {}) =>
    new CommandPipeline(store, clock, uuidV7Generator, overrides.idempotency ?? idempotency, {
      maxAttempts: overrides.maxAttempts ?? 3,
    });

  const competingIncrement = (by: number) => async (streamId: string) => {
    const counterId = streamId.slice('counter-'.length);
    await increment(
      new CommandPipeline(inner, clock, uuidV7Generator, idempotency),
      new IncrementCommand(counterId, by, metadata({ actor: { kind: 'user', id: 'rival' } })),
    );
  };

  const stream = (counterId: string): Promise<RecordedEvent[]> => inner.readStream(streamOf(counterId));

  beforeEach(async () => {
    dir = testDirectory();
    inner = await openTestEventStore(dir.path);
    store = new InterferingEventStore(inner);
    idempotency = SqliteIdempotencyStore.open({ path: dir.file('idempotency.db') });
    clock = new FixedClock(new Date('2025-03-01T09:00:00.000Z'));
    sut = pipelineWith();
  });

  afterEach(async () => {
    await idempotency.close();
    await inner.close();
    dir.remove();
  });

  describe('appending', () => {
    it('creates a stream with no_stream, then appends at the exact last revision', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'ada@example.com', metadata()),
      );
      const result = await increment(sut, new IncrementCommand(counterId, 2, metadata()));

      expect(result).toEqual({ value: 2, revision: 1 });
      expect(store.appendCalls.map((call) => call.options.expectedRevision)).toEqual(['no_stream', 0]);
      expect((await stream(counterId)).map((event) => event.type)).toEqual([
        'counter.opened',
        'counter.incremented',
      ]);
    });

    it('takes the decision time from the injected clock', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'ada@example.com', metadata()),
      );
      clock.set(new Date('2025-03-02T12:30:00.000Z'));
      await increment(sut, new IncrementCommand(counterId, 1, metadata()));

      const [opened, incremented] = await stream(counterId);
      expect(opened.data).toMatchObject({ openedAt: '2025-03-01T09:00:00.000Z' });
      expect(incremented.data).toEqual({ by: 1, at: '2025-03-02T12:30:00.000Z' });
    });

    it('carries the request metadata into every event, with subjects from personal fields and explicit ones', async () => {
      const meta = metadata({ causationId: 'event-42', subjectIds: ['contact-9'] });
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'ada@example.com', meta),
      );

      const [opened] = await stream(counterId);
      expect(isUuidV7(opened.id)).toBe(true);
      expect(opened.metadata).toMatchObject({
        tenantId: 'org-1',
        actor: { kind: 'user', id: 'user-1' },
        correlationId: 'corr-1',
        causationId: 'event-42',
        requestId: 'req-1',
        ip: '203.0.113.9',
        userAgent: 'jest',
      });
      expect([...opened.metadata.subjectIds].sort()).toEqual(['contact-9', 'owner-1']);
      expect(opened.personalFields).toEqual([{ path: 'ownerEmail', subjectId: 'owner-1' }]);
    });

    it('appends nothing when the decider rejects the command', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'ada@example.com', metadata()),
      );
      await expect(increment(sut, new IncrementCommand(counterId, 0, metadata()))).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });
      expect(await stream(counterId)).toHaveLength(1);
    });

    it("answers NOT_FOUND for another tenant's stream and appends nothing", async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'ada@example.com', metadata()),
      );
      await expect(
        increment(sut, new IncrementCommand(counterId, 1, metadata({ tenantId: 'org-2' }))),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await stream(counterId)).toHaveLength(1);
    });
  });

  describe('optimistic concurrency', () => {
    it('re-reads and re-decides when a concurrent writer lands between read and append', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'ada@example.com', metadata()),
      );
      store.interfere(1, competingIncrement(5));

      const result = await increment(sut, new IncrementCommand(counterId, 2, metadata()));

      expect(result).toEqual({ value: 7, revision: 2 });
      expect(store.appendCalls.slice(1).map((call) => call.options.expectedRevision)).toEqual([0, 1]);
      const events = await stream(counterId);
      expect(events.map((event) => [event.metadata.actor.id, event.data])).toEqual([
        ['user-1', expect.objectContaining({ counterId })],
        ['rival', { by: 5, at: '2025-03-01T09:00:00.000Z' }],
        ['user-1', { by: 2, at: '2025-03-01T09:00:00.000Z' }],
      ]);
    });

    it('surfaces CONCURRENCY.CONFLICT after the bounded number of attempts, having appended none of its events', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'ada@example.com', metadata()),
      );
      store.interfere(Number.MAX_SAFE_INTEGER, competingIncrement(1));

      const error = await increment(sut, new IncrementCommand(counterId, 2, metadata())).catch(
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(HeraldError);
      expect(error).toMatchObject({ code: 'CONCURRENCY.CONFLICT', details: { attempts: 3 } });
      expect(store.appendCalls).toHaveLength(1 + 3);
      const events = await stream(counterId);
      expect(events.filter((event) => event.metadata.actor.id === 'user-1')).toHaveLength(1);
      expect(events).toHaveLength(1 + 3);
    });
  });

  describe('idempotency keys', () => {
    it('returns the first result for a repeated key and appends nothing more', async () => {
      const command = () =>
        new OpenCounterCommand('owner-1', 'ada@example.com', metadata({ idempotencyKey: 'open-1' }));
      const first = await openCounter(sut, command());
      clock.advance(60_000);
      const second = await openCounter(sut, command());

      expect(second).toEqual(first);
      expect(store.appendCalls).toHaveLength(1);
      expect(await stream(first.counterId)).toHaveLength(1);
      expect(isUuidV7(first.counterId)).toBe(true);
    });

    it('keeps keys apart per command type and per tenant', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'a@example.com', metadata({ idempotencyKey: 'k' })),
      );
      await increment(sut, new IncrementCommand(counterId, 1, metadata({ idempotencyKey: 'k' })));
      expect(await stream(counterId)).toHaveLength(2);
    });

    it('rejects the same key with a different payload, appending nothing', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'a@example.com', metadata()),
      );
      await increment(sut, new IncrementCommand(counterId, 1, metadata({ idempotencyKey: 'inc-1' })));

      await expect(
        increment(sut, new IncrementCommand(counterId, 9, metadata({ idempotencyKey: 'inc-1' }))),
      ).rejects.toMatchObject({ code: 'COMMAND.IDEMPOTENCY_KEY_REUSED' });
      expect(await stream(counterId)).toHaveLength(2);
    });

    it('frees the key of a rejected command so the corrected request can use it', async () => {
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'a@example.com', metadata()),
      );
      await expect(
        increment(sut, new IncrementCommand(counterId, 0, metadata({ idempotencyKey: 'inc-1' }))),
      ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });

      await expect(
        increment(sut, new IncrementCommand(counterId, 4, metadata({ idempotencyKey: 'inc-1' }))),
      ).resolves.toEqual({
        value: 4,
        revision: 1,
      });
    });

    it('recovers after a crash between append and recording the result: same result, nothing appended twice', async () => {
      const crashing = new CrashingOnceIdempotencyStore(idempotency);
      const { counterId } = await openCounter(
        sut,
        new OpenCounterCommand('owner-1', 'a@example.com', metadata()),
      );
      const command = () => new IncrementCommand(counterId, 3, metadata({ idempotencyKey: 'inc-1' }));

      await expect(increment(pipelineWith({ idempotency: crashing }), command())).rejects.toThrow(
        'process died',
      );
      expect(await stream(counterId)).toHaveLength(2);
      await competingIncrement(10)(streamOf(counterId));

      clock.advance(5_000);
      const restarted = pipelineWith({ idempotency: crashing });
      expect(await increment(restarted, command())).toEqual({ value: 3, revision: 1 });
      expect(await increment(restarted, command())).toEqual({ value: 3, revision: 1 });
      expect((await stream(counterId)).map((event) => event.data)).toEqual([
        expect.objectContaining({ counterId }),
        { by: 3, at: '2025-03-01T09:00:00.000Z' },
        { by: 10, at: '2025-03-01T09:00:00.000Z' },
      ]);
    });

    it('recreates the same aggregate id when a keyed creation is retried after a crash', async () => {
      const crashing = new CrashingOnceIdempotencyStore(idempotency);
      const command = () =>
        new OpenCounterCommand('owner-1', 'a@example.com', metadata({ idempotencyKey: 'open-1' }));
      await expect(openCounter(pipelineWith({ idempotency: crashing }), command())).rejects.toThrow(
        'process died',
      );
      const [created] = await inner.readAll();

      clock.advance(5_000);
      const result = await openCounter(pipelineWith({ idempotency: crashing }), command());

      expect(streamOf(result.counterId)).toBe(created.streamId);
      expect(result.revision).toBe(0);
      expect(await inner.readAll()).toHaveLength(1);
    });
  });
});
