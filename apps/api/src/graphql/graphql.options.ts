import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { Authenticator } from '../identity/authenticator';
import {
  graphqlWsSubscriptions,
  isSocketContext,
  subscriptionContext,
  type SocketContext,
} from '../realtime/graphql-ws.transport';
import { depthLimitRule } from './depth-limit.rule';
import { formatGraphQLError, unexpectedErrorLogger } from './format-error';
import { buildRequestContext, type HeraldRequestContext, type IncomingRequestLike } from './request-context';

/** Apollo options of Herald's GraphQL endpoint, beside the schema settings in the infrastructure module. */
export function heraldApolloOptions(
  authenticator: Pick<Authenticator, 'authenticate'>,
): Pick<
  ApolloDriverConfig,
  'context' | 'formatError' | 'plugins' | 'validationRules' | 'includeStacktraceInErrorResponses' | 'subscriptions'
> {
  return {
    // HTTP requests bring `req`; graphql-ws subscriptions their socket's context (connectionParams, upgrade request).
    context: (source: { req: IncomingRequestLike } | SocketContext): HeraldRequestContext =>
      isSocketContext(source) ? subscriptionContext(source) : buildRequestContext(source.req),
    subscriptions: graphqlWsSubscriptions(authenticator),
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    plugins: [unexpectedErrorLogger()],
    validationRules: [depthLimitRule()],
  };
}
