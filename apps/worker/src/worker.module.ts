import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HeraldConfig } from '@herald/shared-kernel';

@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(private readonly config: HeraldConfig) {}

  onApplicationBootstrap(): void {
    this.logger.log(`worker started (${this.config.mode} mode)`);
  }
}

/**
 * The background side of Herald: projectors, the Kafka relay, sagas and timers register here.
 * Embedded mode imports it into the API process; production runs it alone (main.ts), scaled
 * separately. It relies on the global configuration and event store modules of its host.
 */
@Module({ providers: [WorkerLifecycle] })
export class WorkerModule {}
