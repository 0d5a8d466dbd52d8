import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { MESSAGE_BUS, relayTopics, type MessageBus } from '@herald/messaging';
import { createPlatformRegistry, loadPlatformsConfig, PlatformRegistry } from '@herald/platforms';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, HeraldConfig, type Clock } from '@herald/shared-kernel';
import { READ_STORE } from '../../../api/src/infrastructure/read-store.module';
import { WORKER_OVERRIDES, type WorkerOverrides } from '../worker.overrides';
import { loadWorkerSettings, WORKER_SETTINGS, type WorkerSettings } from '../worker.settings';
import { EventConsumers } from './messaging/event-consumers';
import { openMessageBus } from './messaging/message-bus.factory';
import { ProcessedEvents } from './messaging/processed-events';

/** Names this process in lease stores and logs: host, pid, and a random part for restarts. */
export const WORKER_ID = Symbol('WorkerId');

@Injectable()
class WorkerCoreLifecycle implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly consumers: EventConsumers,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  /**
   * Creates every topic once, before the relay and the sagas start (they run their bootstrap
   * hooks side by side): Kafka answers concurrent creations of one topic with transient
   * metadata errors, and a fresh topic's partitions may need a moment to get their leaders.
   */
  async onModuleInit(): Promise<void> {
    const topics = relayTopics(this.settings.topics).map((topic) => ({ topic }));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.bus.ensureTopics(topics);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        this.logger.warn(`creating topics failed (try ${attempt}), retrying: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  }

  /** Consumers leave their groups before anything they write to closes. */
  async onModuleDestroy(): Promise<void> {
    await this.consumers.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

/**
 * What every background part shares: settings, this replica's id, the message bus (MESSAGE_BUS
 * picks Kafka or in-process), the consumers with their processed-event records, and the
 * platform connectors (configured by the platforms' own variables, see @herald/platforms).
 */
@Module({
  providers: [
    {
      provide: WORKER_SETTINGS,
      inject: [{ token: WORKER_OVERRIDES, optional: true }],
      useFactory: (overrides?: WorkerOverrides): WorkerSettings =>
        overrides?.settings ?? loadWorkerSettings(process.env),
    },
    { provide: WORKER_ID, useFactory: () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` },
    {
      provide: MESSAGE_BUS,
      inject: [HeraldConfig],
      useFactory: (config: HeraldConfig): MessageBus => openMessageBus(config, 'herald-worker'),
    },
    {
      provide: ProcessedEvents,
      inject: [READ_STORE],
      useFactory: (readStore: ReadStore) => new ProcessedEvents(readStore),
    },
    {
      provide: EventConsumers,
      inject: [MESSAGE_BUS, ProcessedEvents, WORKER_SETTINGS, CLOCK],
      useFactory: (bus: MessageBus, processed: ProcessedEvents, settings: WorkerSettings, clock: Clock) =>
        new EventConsumers({
          bus,
          processed,
          clock,
          topics: settings.topics,
          groupPrefix: settings.consumerGroupPrefix,
          log: new Logger('EventConsumers'),
        }),
    },
    {
      provide: PlatformRegistry,
      inject: [CLOCK, { token: WORKER_OVERRIDES, optional: true }],
      useFactory: (clock: Clock, overrides?: WorkerOverrides): PlatformRegistry =>
        overrides?.platformRegistry ?? createPlatformRegistry(loadPlatformsConfig(process.env), { clock }),
    },
    WorkerCoreLifecycle,
  ],
  exports: [WORKER_SETTINGS, WORKER_ID, MESSAGE_BUS, ProcessedEvents, EventConsumers, PlatformRegistry],
})
export class WorkerCoreModule {}
