import {
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { LEASE_MANAGER, type LeaseManager } from '@herald/coordination';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, type Clock } from '@herald/shared-kernel';
import { HERALD_PROJECTIONS } from '../../../../api/src/infrastructure/read-models.module';
import { READ_STORE } from '../../../../api/src/infrastructure/read-store.module';
import { WORKER_SETTINGS, type WorkerSettings } from '../../worker.settings';
import { WORKER_ID, WorkerCoreModule } from '../worker-core.module';
import { ProjectionHost } from './projection-host';

@Injectable()
class ProjectionHostLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly host: ProjectionHost) {}

  onApplicationBootstrap(): void {
    this.host.start();
  }

  /** Before the stores close (their shutdown hooks run after every module was destroyed). */
  async onModuleDestroy(): Promise<void> {
    await this.host.stop();
  }
}

/** Every projection of HERALD_PROJECTIONS, run here when this replica holds its lease. */
@Module({
  imports: [WorkerCoreModule],
  providers: [
    {
      provide: ProjectionHost,
      inject: [EVENT_STORE, READ_STORE, CLOCK, LEASE_MANAGER, WORKER_SETTINGS, WORKER_ID],
      useFactory: (
        eventStore: EventStore,
        readStore: ReadStore,
        clock: Clock,
        leases: LeaseManager,
        settings: WorkerSettings,
        owner: string,
      ) =>
        new ProjectionHost({
          eventStore,
          readStore,
          clock,
          leases,
          owner,
          definitions: HERALD_PROJECTIONS,
          leasePrefix: settings.leasePrefix,
          leaseTtlMs: settings.leaseTtlMs,
          leaseRetryMs: settings.leaseRetryMs,
          log: new Logger('Projections'),
        }),
    },
    ProjectionHostLifecycle,
  ],
  exports: [ProjectionHost],
})
export class ProjectionHostModule {}
