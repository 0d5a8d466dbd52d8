import { Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { Clock, HeraldConfig } from '@herald/shared-kernel';
import { heraldCommandsModule } from '../../api/src/infrastructure/commands.module';
import { HeraldConfigModule } from '../../api/src/infrastructure/config.module';
import { heraldCoordinationModule } from '../../api/src/infrastructure/coordination.module';
import { EventStoreModule } from '../../api/src/infrastructure/event-store.module';
import { HeraldLoggerModule } from '../../api/src/infrastructure/logger.module';
import { ReadModelsModule } from '../../api/src/infrastructure/read-models.module';
import { WorkerModule } from './worker.module';
import { WorkerOverridesModule, type WorkerOverrides } from './worker.overrides';

export interface WorkerAppOptions extends WorkerOverrides {
  /** Where JSON log lines go; stdout when absent. */
  readonly logDestination?: DestinationStream;
  /** Redis key prefix of leases and rate limits (default `herald:`): deployments sharing one Redis need their own. */
  readonly coordinationKeyPrefix?: string;
  /** The system clock when absent; specs drive the sagas' schedules with a fixed one. */
  readonly clock?: Clock;
}

/** Composition root of a standalone worker process (production); no HTTP, no GraphQL. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: HeraldConfig, options: WorkerAppOptions = {}): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [
        HeraldConfigModule.forRoot(config, { clock: options.clock }),
        WorkerOverridesModule.forRoot({
          settings: options.settings,
          platformRegistry: options.platformRegistry,
        }),
        HeraldLoggerModule.forRoot(config, 'worker', options.logDestination),
        EventStoreModule,
        ReadModelsModule,
        heraldCommandsModule(),
        heraldCoordinationModule(config, {
          keyPrefix: options.coordinationKeyPrefix,
          connectionName: 'herald-worker',
        }),
        WorkerModule,
      ],
    };
  }
}
