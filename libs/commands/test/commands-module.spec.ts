import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { CLOCK, FixedClock, ID_GENERATOR, uuidV7Generator } from '@herald/shared-kernel';
import {
  CommandPipeline,
  CommandsModule,
  HeraldCommand,
  IDEMPOTENCY_STORE,
  type IdempotencyStore,
  type PreparedCommand,
  type RequestMetadata,
  SqliteIdempotencyStore,
} from '../src';
import { type CounterCommand, counterDecider } from './counter.decider';
import { openTestEventStore, type TestDirectory, testDirectory } from './sqlite-harness';

class OpenCounterCommand extends HeraldCommand<{ counterId: string }> {
  readonly commandType = 'counters.open';
  constructor(metadata: RequestMetadata) {
    super(metadata);
  }
}

@CommandHandler(OpenCounterCommand)
class OpenCounterHandler implements ICommandHandler<OpenCounterCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}
  execute(command: OpenCounterCommand) {
    let counterId = '';
    return this.pipeline.execute(command, {
      decider: counterDecider,
      prepare: (ids): PreparedCommand<CounterCommand> => {
        counterId = ids.next();
        return {
          streamId: `counter-${counterId}`,
          command: (context) => ({
            type: 'OpenCounter',
            counterId,
            ownerId: 'u-1',
            ownerEmail: 'u@example.com',
            context,
          }),
        };
      },
      result: () => ({ counterId }),
    });
  }
}

@Module({ imports: [CqrsModule], providers: [OpenCounterHandler] })
class CountersModule {}

const metadata: RequestMetadata = {
  tenantId: 'org-1',
  actor: { kind: 'user', id: 'u-1' },
  correlationId: 'c-1',
  causationId: null,
};

describe(CommandsModule.name, () => {
  let dir: TestDirectory;
  let store: EventStore;
  let idempotency: IdempotencyStore;

  beforeEach(async () => {
    dir = testDirectory();
    store = await openTestEventStore(dir.path);
    idempotency = SqliteIdempotencyStore.open({ path: dir.file('idempotency.db') });
  });
  afterEach(async () => {
    await idempotency.close();
    await store.close();
    dir.remove();
  });

  async function run(commands: DynamicModule): Promise<string> {
    @Module({ imports: [commands, CountersModule] })
    class Root {}
    const app = await NestFactory.createApplicationContext(Root, { logger: false });
    try {
      const { counterId } = await app.get(CommandBus).execute(new OpenCounterCommand(metadata));
      return counterId;
    } finally {
      await app.close();
    }
  }

  it('wires the pipeline from adapter instances, so the bus runs context handlers', async () => {
    const clock = new FixedClock(new Date('2025-03-01T00:00:00.000Z'));
    const counterId = await run(
      CommandsModule.forRoot({ eventStore: store, clock, ids: uuidV7Generator, idempotency }),
    );
    expect(await store.readStream(`counter-${counterId}`)).toHaveLength(1);
  });

  it('wires the pipeline from a module that exports the adapters', async () => {
    const clock = new FixedClock(new Date('2025-03-01T00:00:00.000Z'));
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: CLOCK, useValue: clock },
        { provide: ID_GENERATOR, useValue: uuidV7Generator },
        { provide: IDEMPOTENCY_STORE, useValue: idempotency },
      ],
      exports: [EVENT_STORE, CLOCK, ID_GENERATOR, IDEMPOTENCY_STORE],
    })
    class Adapters {}

    const counterId = await run(CommandsModule.forRootWithAdapters({ imports: [Adapters] }));
    const [opened] = await store.readStream(`counter-${counterId}`);
    expect(opened.data).toMatchObject({ openedAt: '2025-03-01T00:00:00.000Z' });
  });
});
