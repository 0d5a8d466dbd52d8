import { Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { HeraldConfig } from '@herald/shared-kernel';
import { AccountsApiModule } from './accounts/accounts-api.module';
import { WorkerModule } from '../../worker/src/worker.module';
import { GraphQLApiModule } from './graphql/graphql-api.module';
import { HealthModule } from './health/health.module';
import { IdentityApiModule } from './identity/identity-api.module';
import { heraldCommandsModule } from './infrastructure/commands.module';
import { HeraldConfigModule } from './infrastructure/config.module';
import { HeraldLoggerModule } from './infrastructure/logger.module';
import { EventStoreModule } from './infrastructure/event-store.module';
import { heraldGraphQLModule } from './infrastructure/graphql.module';
import { heraldCoordinationModule } from './infrastructure/coordination.module';
import { ReadModelsModule } from './infrastructure/read-models.module';
import { OrganizationsApiModule } from './organizations/organizations-api.module';
import { PostsApiModule } from './posts/posts-api.module';
import { RealtimeApiModule } from './realtime/realtime-api.module';
import { AgentTasksApiModule } from './agent-tasks/agent-tasks-api.module';
import { AgentApprovalsApiModule } from './agent-approvals/agent-approvals-api.module';
import { AnalyticsApiModule } from './analytics/analytics-api.module';
import { AuditApiModule } from './audit/audit-api.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { ServerInfoModule } from './server-info/server-info.module';

export interface AppModuleOptions {
  /** Where JSON log lines go; stdout when absent. Tests capture or silence them here. */
  readonly logDestination?: DestinationStream;
}

/** Composition root of the API process. Embedded mode hosts the worker in the same process. */
@Module({})
export class AppModule {
  static forRoot(config: HeraldConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HeraldConfigModule.forRoot(config),
        HeraldLoggerModule.forRoot(config, 'api', options.logDestination),
        EventStoreModule,
        ReadModelsModule,
        heraldCommandsModule(),
        heraldCoordinationModule(config),
        heraldGraphQLModule(config),
        GraphQLApiModule,
        HealthModule,
        ServerInfoModule,
        IdentityApiModule,
        OrganizationsApiModule,
        AccountsApiModule,
        PostsApiModule,
        RealtimeApiModule,
        AgentTasksApiModule,
        AgentApprovalsApiModule,
        NotificationsApiModule,
        AuditApiModule,
        AnalyticsApiModule,
        // Embedded mode runs the worker (projections, relay, sagas) in this process.
        ...(config.mode === 'embedded' ? [WorkerModule] : []),
      ],
    };
  }
}
