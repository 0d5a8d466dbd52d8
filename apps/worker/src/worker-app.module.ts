import { Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { HeraldConfig } from '@herald/shared-kernel';
import { HeraldConfigModule } from '../../api/src/infrastructure/config.module';
import { EventStoreModule } from '../../api/src/infrastructure/event-store.module';
import { HeraldLoggerModule } from '../../api/src/infrastructure/logger.module';
import { WorkerModule } from './worker.module';

/** Composition root of a standalone worker process (production); no HTTP, no GraphQL. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: HeraldConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [
        HeraldConfigModule.forRoot(config),
        HeraldLoggerModule.forRoot(config, 'worker', logDestination),
        EventStoreModule,
        WorkerModule,
      ],
    };
  }
}
