import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { RateLimiter } from '@herald/coordination';
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
import type { RateLimitBudgets } from './safety/rate-limit-budgets';
import { requestLimitsPlugin } from './safety/request-limits.plugin';

/** What the request limits need from the container: the shared limiter and the configured budgets. */
export interface RequestLimitsSettings {
  readonly rateLimiter: RateLimiter;
  readonly budgets: RateLimitBudgets;
}

/** Apollo options of Herald's GraphQL endpoint, beside the schema settings in the infrastructure module. */
export function heraldApolloOptions(
  authenticator: Pick<Authenticator, 'authenticate'>,
  limits: RequestLimitsSettings,
): Pick<
  ApolloDriverConfig,
  | 'context'
  | 'formatError'
  | 'plugins'
  | 'validationRules'
  | 'includeStacktraceInErrorResponses'
  | 'subscriptions'
  | 'allowBatchedHttpRequests'
> {
  return {
    // HTTP requests bring `req`; graphql-ws subscriptions their socket's context (connectionParams, upgrade request).
    context: (source: { req: IncomingRequestLike } | SocketContext): HeraldRequestContext =>
      isSocketContext(source) ? subscriptionContext(source) : buildRequestContext(source.req),
    subscriptions: graphqlWsSubscriptions(authenticator),
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    plugins: [
      unexpectedErrorLogger(),
      requestLimitsPlugin({
        ...limits,
        authenticate: (token) => authenticator.authenticate(token),
      }),
    ],
    // One operation per request: a batch would multiply the cost and rate limits by its length unseen.
    allowBatchedHttpRequests: false,
    validationRules: [depthLimitRule()],
  };
}
