import type { DynamicModule } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { ProjectionsRuntimeModule, type ProjectionDefinition } from '@herald/projections-runtime';
import { organizationsProjection } from '@herald/projections/organizations';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, type Clock, HeraldConfig } from '@herald/shared-kernel';
import { READ_STORE } from './read-store.module';

/** Every read model the process serves queries from; the worker runs the same list. */
export const HERALD_PROJECTIONS: readonly ProjectionDefinition[] = [organizationsProjection];

/**
 * Queries read projections through the catalog in every process; only the process that owns
 * the projections runs them: the API in embedded mode, the worker in production.
 */
export function heraldProjectionsModule(options: { readonly run: (config: HeraldConfig) => boolean }): DynamicModule {
  return ProjectionsRuntimeModule.forRootAsync({
    inject: [EVENT_STORE, READ_STORE, HeraldConfig, CLOCK],
    useFactory: (eventStore: EventStore, readStore: ReadStore, config: HeraldConfig, clock: Clock) => ({
      eventStore,
      readStore,
      clock,
      definitions: HERALD_PROJECTIONS,
      run: options.run(config),
    }),
  });
}
