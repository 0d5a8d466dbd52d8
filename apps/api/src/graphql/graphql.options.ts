import type { ApolloDriverConfig } from '@nestjs/apollo';
import { depthLimitRule } from './depth-limit.rule';
import { formatGraphQLError, unexpectedErrorLogger } from './format-error';
import { buildRequestContext, type HeraldRequestContext, type IncomingRequestLike } from './request-context';

/** Apollo options of Herald's GraphQL endpoint, beside the schema settings in the infrastructure module. */
export function heraldApolloOptions(): Pick<
  ApolloDriverConfig,
  'context' | 'formatError' | 'plugins' | 'validationRules' | 'includeStacktraceInErrorResponses'
> {
  return {
    context: ({ req }: { req: IncomingRequestLike }): HeraldRequestContext => buildRequestContext(req),
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    plugins: [unexpectedErrorLogger()],
    validationRules: [depthLimitRule()],
  };
}
