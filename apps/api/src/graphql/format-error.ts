import { Logger } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CATALOGUE } from '@herald/shared-kernel';
import { isHeraldFormatted, withoutMark } from './graphql-errors';
import type { HeraldRequestContext } from './request-context';

/** Errors graphql-js and Apollo raise before any resolver runs: the client's document or variables. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** A validation rule's error that stands for one of Herald's codes (the depth limit). */
export const HERALD_CODE_EXTENSION = 'heraldCode';

/**
 * The last stop of every error on its way out. Errors the exception filter built pass through;
 * GraphQL's own client errors keep their standard code with a 400; anything else (a throw that
 * did not pass through Nest, e.g. in a scalar) is hidden as INTERNAL. Stack traces never leave.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const base = {
    message: formatted.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (isHeraldFormatted(extensions)) return { ...base, extensions: withoutStack(withoutMark(extensions)) };
  const code = typeof extensions.code === 'string' ? extensions.code : '';
  const heraldCode = extensions[HERALD_CODE_EXTENSION];
  if (heraldCode === 'AUTH.QUERY_TOO_COMPLEX') {
    const { [HERALD_CODE_EXTENSION]: _code, code: _apollo, ...details } = withoutStack(extensions);
    return {
      ...base,
      extensions: { code: heraldCode, httpStatus: ERROR_CATALOGUE[heraldCode].httpStatus, details },
    };
  }
  if (CLIENT_ERROR_CODES.has(code)) return { ...base, extensions: { code, httpStatus: 400 } };
  return {
    message: ERROR_CATALOGUE.INTERNAL.message,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL', httpStatus: ERROR_CATALOGUE.INTERNAL.httpStatus },
  };
}

function withoutStack(extensions: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { stacktrace: _stack, exception: _exception, ...rest } = extensions;
  return rest;
}

/** Logs, with the request id, the errors formatGraphQLError is about to hide. */
export function unexpectedErrorLogger(): ApolloServerPlugin<HeraldRequestContext> {
  const logger = new Logger('GraphQL');
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (
              isHeraldFormatted(error.extensions) ||
              (typeof code === 'string' && CLIENT_ERROR_CODES.has(code))
            )
              continue;
            if (error.extensions?.[HERALD_CODE_EXTENSION] !== undefined) continue;
            const cause = error.originalError ?? error;
            logger.error({
              msg: 'unexpected error outside the resolvers',
              requestId: contextValue.requestId,
              err: { name: cause.name, message: cause.message, stack: cause.stack },
            });
          }
        },
      };
    },
  };
}
