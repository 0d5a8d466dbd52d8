import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { RATE_LIMITER, type RateLimiter } from '@herald/coordination';
import { HeraldConfig } from '@herald/shared-kernel';
import { heraldApolloOptions } from '../graphql/graphql.options';
import { Authenticator } from '../identity/authenticator';
import { IdentityApiModule } from '../identity/identity-api.module';

export const SCHEMA_FILE = 'apps/api/schema.gql';

/**
 * Code-first GraphQL at /graphql. Embedded mode (development, `npm start` in the repo) writes
 * the sorted schema to apps/api/schema.gql so changes show up in review; production keeps it
 * in memory, since replicas may run on a read-only file system. Test runs (NODE_ENV=test, set
 * by jest) do not write it either: the schema drift spec compares the committed file with the
 * code, and a parallel spec rewriting the file first would hide the drift.
 */
export function heraldGraphQLModule(config: Pick<HeraldConfig, 'mode'>): DynamicModule {
  const writeSchema = config.mode === 'embedded' && process.env.NODE_ENV !== 'test';
  // Async only so the WebSocket handshake can authenticate with the app's Authenticator.
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: ApolloDriver,
    imports: [IdentityApiModule],
    inject: [Authenticator, RATE_LIMITER, HeraldConfig],
    useFactory: (
      authenticator: Authenticator,
      rateLimiter: RateLimiter,
      settings: HeraldConfig,
    ): ApolloDriverConfig => ({
      path: '/graphql',
      autoSchemaFile: writeSchema ? SCHEMA_FILE : true,
      sortSchema: true,
      playground: false,
      ...heraldApolloOptions(authenticator, {
        rateLimiter,
        budgets: {
          userPerMinute: settings.rateLimitUserPerMinute,
          ipPerMinute: settings.rateLimitIpPerMinute,
          authPerMinute: settings.rateLimitAuthPerMinute,
        },
      }),
    }),
  });
}
