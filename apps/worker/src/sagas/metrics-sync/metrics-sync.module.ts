import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { LEASE_MANAGER, RATE_LIMITER, type LeaseManager, type RateLimiter } from '@herald/coordination';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { PlatformRegistry } from '@herald/platforms';
import { PostsModule } from '@herald/posts';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@herald/shared-kernel';
import { READ_STORE } from '../../../../api/src/infrastructure/read-store.module';
import { EventConsumers } from '../../infrastructure/messaging/event-consumers';
import { PeriodicTask } from '../../infrastructure/timers/periodic-task';
import { WORKER_ID, WorkerCoreModule } from '../../infrastructure/worker-core.module';
import { WORKER_SETTINGS, type WorkerSettings } from '../../worker.settings';
import { SCHEDULE_EVENT_TYPES } from './metrics-schedule';
import { MetricsSyncSaga } from './metrics-sync.saga';

@Injectable()
class MetricsSyncLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MetricsSync');
  private readonly timer: PeriodicTask;

  constructor(
    private readonly saga: MetricsSyncSaga,
    private readonly consumers: EventConsumers,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {
    this.timer = new PeriodicTask(
      { name: 'metrics sync', intervalMs: settings.metricsSync.intervalMs, stagger: true, log: this.logger },
      () => this.saga.sync(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      name: 'metrics-sync',
      categories: ['post', 'socialAccount'],
      types: [...SCHEDULE_EVENT_TYPES],
      handle: (event) => this.saga.onEvent(event),
    });
    if (this.settings.timers) this.timer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.timer.stop();
  }
}

/** Reads post metrics of published targets on a cadence and records them (see MetricsSyncSaga). */
@Module({
  imports: [WorkerCoreModule, PostsModule],
  providers: [
    {
      provide: MetricsSyncSaga,
      inject: [
        EVENT_STORE,
        READ_STORE,
        PlatformRegistry,
        CommandBus,
        LEASE_MANAGER,
        RATE_LIMITER,
        CLOCK,
        ID_GENERATOR,
        WORKER_ID,
        WORKER_SETTINGS,
      ],
      useFactory: (
        eventStore: EventStore,
        readStore: ReadStore,
        registry: PlatformRegistry,
        commandBus: CommandBus,
        leases: LeaseManager,
        rateLimiter: RateLimiter,
        clock: Clock,
        ids: IdGenerator,
        owner: string,
        settings: WorkerSettings,
      ) =>
        new MetricsSyncSaga({
          eventStore,
          readStore,
          registry,
          commandBus,
          leases,
          rateLimiter,
          clock,
          ids,
          owner,
          leasePrefix: settings.leasePrefix,
          batchSize: settings.metricsSync.batchSize,
          rateLimits: settings.metricsSync.rateLimits,
          log: new Logger('MetricsSync'),
        }),
    },
    MetricsSyncLifecycle,
  ],
  exports: [MetricsSyncSaga],
})
export class MetricsSyncModule {}
