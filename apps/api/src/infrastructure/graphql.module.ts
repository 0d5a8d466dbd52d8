import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { HeraldConfig } from '@herald/shared-kernel';

export const SCHEMA_FILE = 'apps/api/schema.gql';

/**
 * Code-first GraphQL at /graphql. Embedded mode (development, `npm start` in the repo) writes
 * the sorted schema to apps/api/schema.gql so changes show up in review; production keeps it
 * in memory, since replicas may run on a read-only file system.
 */
export function heraldGraphQLModule(config: Pick<HeraldConfig, 'mode'>): DynamicModule {
  return GraphQLModule.forRoot<ApolloDriverConfig>({
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: config.mode === 'embedded' ? SCHEMA_FILE : true,
    sortSchema: true,
    playground: false,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
  });
}
