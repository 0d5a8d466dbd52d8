import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { LEASE_MANAGER, RATE_LIMITER, type LeaseManager, type RateLimiter } from '@herald/coordination';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { MESSAGE_BUS, type MessageBus } from '@herald/messaging';
import { PlatformRegistry } from '@herald/platforms';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, HeraldConfig, ID_GENERATOR, type Clock, type IdGenerator } from '@herald/shared-kernel';
import { READ_STORE } from '../../api/src/infrastructure/read-store.module';
import { AgentsWorkerModule } from './agents/agents-worker.module';
import { ProjectionHostModule } from './infrastructure/projections/projection-host.module';
import { RelayModule } from './infrastructure/relay/relay.module';
import { WORKER_ID, WorkerCoreModule } from './infrastructure/worker-core.module';
import { MetricsSyncModule } from './sagas/metrics-sync/metrics-sync.module';
import { PublisherSagaModule } from './sagas/publisher';
import { TokenRefreshModule } from './sagas/token-refresh/token-refresh.module';
import { WORKER_SETTINGS, type WorkerSettings } from './worker.settings';

/** The publisher saga (apps/worker/src/sagas/publisher) on this process's adapters. */
const publisherSagaModule = PublisherSagaModule.forRootAsync({
  imports: [WorkerCoreModule],
  inject: [
    EVENT_STORE,
    READ_STORE,
    MESSAGE_BUS,
    LEASE_MANAGER,
    RATE_LIMITER,
    PlatformRegistry,
    CLOCK,
    ID_GENERATOR,
    WORKER_ID,
    WORKER_SETTINGS,
  ],
  useFactory: (
    eventStore: EventStore,
    readStore: ReadStore,
    bus: MessageBus,
    leases: LeaseManager,
    rateLimiter: RateLimiter,
    connectors: PlatformRegistry,
    clock: Clock,
    ids: IdGenerator,
    instanceId: string,
    settings: WorkerSettings,
  ) => ({
    eventStore,
    readStore,
    bus,
    leases,
    rateLimiter,
    connectors,
    clock,
    ids,
    options: { instanceId, consumer: `${settings.consumerGroupPrefix}.publisher` },
  }),
});

@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(private readonly config: HeraldConfig) {}

  onApplicationBootstrap(): void {
    this.logger.log(`worker started (${this.config.mode} mode)`);
    this.logger.log(
      `message bus ${this.config.messageBus}, read store ${this.config.readStore}, coordination ${this.config.cache}`,
    );
  }
}

/**
 * The background side of Herald: every projection (each behind its own lease), the relay from
 * the log to the bus (behind the `relay` lease), and the sagas consuming the bus. Adapters
 * follow the configuration (MESSAGE_BUS, READ_STORE, CACHE…). Embedded mode imports it into the
 * API process; production runs it alone (main.ts), as many replicas as needed. It relies on the
 * host's global modules: configuration, logger, event store, read models, commands, coordination
 * (WorkerAppModule lists them; so does the API's AppModule).
 */
@Module({
  imports: [
    WorkerCoreModule,
    ProjectionHostModule,
    RelayModule,
    publisherSagaModule,
    TokenRefreshModule,
    MetricsSyncModule,
    AgentsWorkerModule,
  ],
  providers: [WorkerLifecycle],
})
export class WorkerModule {}
