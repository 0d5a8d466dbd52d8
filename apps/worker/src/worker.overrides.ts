import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { PlatformRegistry } from '@herald/platforms';
import type { WorkerSettings } from './worker.settings';

/**
 * What a composition root may set instead of the defaults read from the environment: the
 * worker's settings, and the platform connectors (a process embedding Herald, or a spec pointing
 * them at a fake platform). Absent in the API's embedded mode.
 */
export interface WorkerOverrides {
  readonly settings?: WorkerSettings;
  readonly platformRegistry?: PlatformRegistry;
}

export const WORKER_OVERRIDES = Symbol('WorkerOverrides');

@Global()
@Module({})
export class WorkerOverridesModule {
  static forRoot(overrides: WorkerOverrides): DynamicModule {
    return {
      module: WorkerOverridesModule,
      providers: [{ provide: WORKER_OVERRIDES, useValue: overrides }],
      exports: [WORKER_OVERRIDES],
    };
  }
}
