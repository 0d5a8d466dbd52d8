import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import { GqlArgumentsHost, type GqlContextType, type GqlExceptionFilter } from '@nestjs/graphql';
import type { GraphQLError } from 'graphql';
import type { HeraldRequestContext } from './request-context';
import { toGraphQLError } from './graphql-errors';

/**
 * Every exception of a resolver, guard or pipe passes here (Nest's filter chain) and leaves as
 * a GraphQL error in Herald's shape. HTTP controllers (health) keep Nest's own handling.
 */
@Catch()
export class HeraldGraphQLExceptionFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  catch(exception: unknown, host: ArgumentsHost): GraphQLError {
    if (host.getType<GqlContextType>() !== 'graphql') throw exception;
    const context = GqlArgumentsHost.create(host).getContext<Partial<HeraldRequestContext>>();
    const requestId = context.requestId ?? 'unknown';
    return toGraphQLError(exception, requestId, {
      error: (message, details) => this.logger.error({ ...details, msg: message }),
    });
  }
}
