import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AccountsModule } from '@herald/accounts';
import { LEASE_MANAGER, type LeaseManager } from '@herald/coordination';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { PlatformRegistry } from '@herald/platforms';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@herald/shared-kernel';
import { READ_STORE } from '../../../../api/src/infrastructure/read-store.module';
import { EventConsumers } from '../../infrastructure/messaging/event-consumers';
import { PeriodicTask } from '../../infrastructure/timers/periodic-task';
import { WORKER_ID, WorkerCoreModule } from '../../infrastructure/worker-core.module';
import { WORKER_SETTINGS, type WorkerSettings } from '../../worker.settings';
import { TokenRefreshSaga } from './token-refresh.saga';
import { ACCOUNT_EVENT_TYPES } from './token-refresh.state';

@Injectable()
class TokenRefreshLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TokenRefresh');
  private readonly timer: PeriodicTask;

  constructor(
    private readonly saga: TokenRefreshSaga,
    private readonly consumers: EventConsumers,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {
    this.timer = new PeriodicTask(
      {
        name: 'token refresh sweep',
        intervalMs: settings.tokenRefresh.sweepIntervalMs,
        stagger: true,
        log: this.logger,
      },
      () => this.saga.sweep(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      name: 'token-refresh',
      categories: ['socialAccount', 'post'],
      types: [...ACCOUNT_EVENT_TYPES, 'post.publishAttemptFailed'],
      handle: async (event) => {
        if (event.type === 'post.publishAttemptFailed') await this.saga.onPublishAttemptFailed(event);
        else await this.saga.onAccountEvent(event);
      },
    });
    if (this.settings.timers) this.timer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.timer.stop();
  }
}

/** Refreshes OAuth tokens before they expire and when a platform refuses one (see TokenRefreshSaga). */
@Module({
  imports: [WorkerCoreModule, AccountsModule],
  providers: [
    {
      provide: TokenRefreshSaga,
      inject: [
        EVENT_STORE,
        READ_STORE,
        PlatformRegistry,
        CommandBus,
        LEASE_MANAGER,
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
        clock: Clock,
        ids: IdGenerator,
        owner: string,
        settings: WorkerSettings,
      ) =>
        new TokenRefreshSaga({
          eventStore,
          readStore,
          registry,
          commandBus,
          leases,
          clock,
          ids,
          owner,
          leasePrefix: settings.leasePrefix,
          refreshWindowMs: settings.tokenRefresh.refreshWindowMs,
          log: new Logger('TokenRefresh'),
        }),
    },
    TokenRefreshLifecycle,
  ],
  exports: [TokenRefreshSaga],
})
export class TokenRefreshModule {}
