import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { LEASE_MANAGER, type LeaseManager } from '@herald/coordination';
import { InMemoryCheckpointStore } from '@herald/event-store';
import { EventRelay, MESSAGE_BUS, type MessageBus, type RelayStatus } from '@herald/messaging';
import { HeraldConfig } from '@herald/shared-kernel';
import { WORKER_SETTINGS, type WorkerSettings } from '../../worker.settings';
import { LeasedService } from '../leases/leased-service';
import { WORKER_ID, WorkerCoreModule } from '../worker-core.module';
import { openRelayEventStore, type RelayEventStore } from './relay-event-store';

const RELAY_EVENT_STORE = Symbol('RelayEventStore');

/**
 * `$all` → topics, run by the one replica holding the `relay` lease. On Kafka the relay keeps
 * its checkpoint in the event store (moved only after the broker acknowledged). The in-process
 * bus forgets everything with the process, so in embedded mode the checkpoint is kept in memory
 * too and every start republishes the log from the beginning: consumers skip what they already
 * handled by event id (see InProcessMessageBus).
 */
@Injectable()
export class RelayHost implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Relay');
  private readonly leased: LeasedService<EventRelay>;

  constructor(
    @Inject(RELAY_EVENT_STORE) private readonly relayStore: RelayEventStore,
    @Inject(MESSAGE_BUS) bus: MessageBus,
    @Inject(LEASE_MANAGER) leases: LeaseManager,
    @Inject(WORKER_SETTINGS) settings: WorkerSettings,
    @Inject(WORKER_ID) owner: string,
    config: HeraldConfig,
  ) {
    const durable = config.messageBus === 'kafka';
    this.leased = new LeasedService(
      {
        leases,
        resource: `${settings.leasePrefix}relay`,
        owner,
        ttlMs: settings.leaseTtlMs,
        retryMs: settings.leaseRetryMs,
        log: this.logger,
      },
      () =>
        new EventRelay({
          store: relayStore.store,
          bus,
          topics: settings.topics,
          checkpoints: durable ? undefined : new InMemoryCheckpointStore(),
          onRetry: (error, retryInMs) =>
            this.logger.warn(`publish failed, retrying in ${retryInMs} ms: ${String(error)}`),
          onFatal: (error) => this.logger.error(`relay stopped, an operator must act: ${String(error)}`),
        }),
    );
  }

  /** Null while another replica relays. */
  status(): RelayStatus | null {
    return this.leased.service?.status() ?? null;
  }

  onApplicationBootstrap(): void {
    this.leased.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.leased.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relayStore.close();
  }
}

@Module({
  imports: [WorkerCoreModule],
  providers: [
    { provide: RELAY_EVENT_STORE, inject: [HeraldConfig], useFactory: openRelayEventStore },
    RelayHost,
  ],
  exports: [RelayHost],
})
export class RelayModule {}
