import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { rateLimitExceeded, type RateLimiter } from '@herald/coordination';
import { HeraldError, isHeraldError } from '@herald/shared-kernel';
import { fromHeraldError } from '../graphql-errors';
import type { AuthenticatedActor, HeraldRequestContext } from '../request-context';
import {
  CREDENTIAL_OPERATIONS,
  limitedKeys,
  type RateLimitBudgets,
  type RequestIdentity,
} from './rate-limit-budgets';
import { MAX_QUERY_COST, queryCost } from './query-cost';

export interface RequestLimitsOptions {
  readonly rateLimiter: RateLimiter;
  readonly budgets: RateLimitBudgets;
  readonly authenticate: (token: string) => Promise<AuthenticatedActor | null>;
  readonly maxCost?: number;
}

/**
 * Runs once the operation is parsed, validated and chosen, before any resolver: prices it
 * (AUTH.QUERY_TOO_COMPLEX above the maximum) and draws it from the caller's rate-limit buckets
 * (RATE_LIMIT.EXCEEDED with a Retry-After header). Both answer before any command runs, so a
 * refused request changed nothing.
 */
export function requestLimitsPlugin(options: RequestLimitsOptions): ApolloServerPlugin<HeraldRequestContext> {
  const maxCost = options.maxCost ?? MAX_QUERY_COST;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(request) {
          const context = request.contextValue;
          const operation = request.operation;
          // Apollo has refused a document without a matching operation before this hook.
          if (operation === undefined) return;
          const cost = queryCost({
            schema: request.schema,
            operation,
            fragments: fragmentsOf(request.document.definitions),
            variables: request.request.variables ?? {},
          });
          if (cost > maxCost) {
            throw asGraphQLError(
              new HeraldError(
                'AUTH.QUERY_TOO_COMPLEX',
                `This operation may resolve ${cost} fields; the limit is ${maxCost}. Ask for smaller pages or split it.`,
                { cost, maxCost },
              ),
              context,
            );
          }
          const identity: RequestIdentity = {
            ...(context.ip !== undefined ? { ip: context.ip } : {}),
            ...(await userOf(context, options)),
            credentialFields: credentialFields(operation, request.request.variables ?? {}),
          };
          for (const { key, rule } of limitedKeys(options.budgets, identity)) {
            const decision = await consume(options.rateLimiter, key, rule, context);
            if (!decision.allowed) throw asGraphQLError(rateLimitExceeded(decision, rule), context);
          }
        },
      };
    },
  };
}

async function consume(
  limiter: RateLimiter,
  key: string,
  rule: Parameters<RateLimiter['consume']>[1],
  context: HeraldRequestContext,
): ReturnType<RateLimiter['consume']> {
  try {
    return await limiter.consume(key, rule);
  } catch (error) {
    // Redis down: refuse (COORDINATION.UNAVAILABLE, 503) rather than run unlimited.
    throw asGraphQLError(isHeraldError(error) ? error : new HeraldError('COORDINATION.UNAVAILABLE'), context);
  }
}

/** The signed-in user, authenticated once for the request (the access guard reuses the promise). */
async function userOf(
  context: HeraldRequestContext,
  options: RequestLimitsOptions,
): Promise<{ userId?: string }> {
  const token = context.bearerToken;
  if (token === null) return {};
  context.authentication ??= options.authenticate(token);
  try {
    const actor = await context.authentication;
    return actor === null ? {} : { userId: actor.userId };
  } catch {
    // An invalid token: the guard answers AUTH.UNAUTHENTICATED; the per-IP budget still applies.
    return {};
  }
}

function credentialFields(
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): RequestIdentity['credentialFields'] {
  if (operation.operation !== 'mutation') return [];
  const fields: { field: string; email?: string }[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !CREDENTIAL_OPERATIONS.has(selection.name.value)) continue;
    const input = selection.arguments?.find((argument) => argument.name.value === 'input');
    const value: unknown = input ? valueFromASTUntyped(input.value, variables) : undefined;
    const email =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>).email : undefined;
    fields.push({ field: selection.name.value, ...(typeof email === 'string' ? { email } : {}) });
  }
  return fields;
}

function fragmentsOf(definitions: readonly DefinitionNode[]): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

/** Herald's error shape, plus the HTTP status and Retry-After Apollo lifts out of `extensions.http`. */
function asGraphQLError(error: HeraldError, context: HeraldRequestContext): GraphQLError {
  const formatted = fromHeraldError(error, context.requestId);
  const headers = new HeaderMap();
  const retryAfter = error.details.retryAfterSeconds;
  const retry = typeof retryAfter === 'number' ? { retryAfterSeconds: Math.max(1, retryAfter) } : {};
  if (retry.retryAfterSeconds !== undefined) headers.set('retry-after', String(retry.retryAfterSeconds));
  return new GraphQLError(formatted.message, {
    extensions: { ...formatted.extensions, ...retry, http: { status: error.httpStatus, headers } },
  });
}
