import { Global, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import {
  ProjectionCatalog,
  ProjectionOperations,
  type ProjectionDefinition,
} from '@herald/projections-runtime';
import { accountsProjection } from '@herald/projections/accounts';
import { agentTasksProjection } from '@herald/projections/agent-tasks';
import { analyticsProjection } from '@herald/projections/analytics';
import { auditProjection } from '@herald/projections/audit';
import { calendarProjection } from '@herald/projections/calendar';
import { notificationsProjection } from '@herald/projections/notifications';
import { organizationsProjection } from '@herald/projections/organizations';
import { postsProjection } from '@herald/projections/posts';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, type Clock } from '@herald/shared-kernel';
import { READ_STORE, ReadStoreModule } from './read-store.module';

/** Every read model Herald serves; the worker runs exactly this list (apps/worker ProjectionHost). */
export const HERALD_PROJECTIONS: readonly ProjectionDefinition[] = [
  organizationsProjection,
  accountsProjection,
  postsProjection,
  calendarProjection,
  auditProjection,
  analyticsProjection,
  notificationsProjection,
  agentTasksProjection,
];

/**
 * The read side as queries see it, in the api and the worker alike: the read store (READ_STORE),
 * the catalog that finds a projection's live collections, and the operators' actions. No process
 * runs projections through this module: the worker does (embedded mode hosts the worker), each
 * projection under its own lease.
 */
@Global()
@Module({
  imports: [ReadStoreModule],
  providers: [
    {
      provide: ProjectionCatalog,
      inject: [READ_STORE],
      useFactory: (readStore: ReadStore) => new ProjectionCatalog(readStore),
    },
    {
      provide: ProjectionOperations,
      inject: [EVENT_STORE, READ_STORE, CLOCK],
      useFactory: (eventStore: EventStore, readStore: ReadStore, clock: Clock) =>
        new ProjectionOperations({ eventStore, readStore, clock }),
    },
  ],
  exports: [ReadStoreModule, ProjectionCatalog, ProjectionOperations],
})
export class ReadModelsModule {}
