import type { IncomingMessage } from 'node:http';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { Context } from 'graphql-ws';
import { isHeraldError } from '@herald/shared-kernel';
import type { Authenticator } from '../identity/authenticator';
import { buildRequestContext, type HeraldRequestContext } from '../graphql/request-context';

/** What graphql-ws hands the server hooks (its `Context`, narrowed to the parts used here). */
export interface SocketContext {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: { readonly request: IncomingMessage };
}

/**
 * The access token a client sends in `connectionParams`: `{ authorization: "Bearer <token>" }`
 * like the HTTP header, or `{ accessToken: "<token>" }`. Browsers cannot set headers on a
 * WebSocket, so the token travels in the first message instead.
 */
export function accessTokenOf(params: Readonly<Record<string, unknown>> | undefined): string | null {
  const authorization = params?.authorization ?? params?.Authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : null;
  }
  const token = params?.accessToken;
  return typeof token === 'string' && token !== '' ? token : null;
}

export function isSocketContext(source: object): source is SocketContext {
  return (
    'extra' in source &&
    typeof source.extra === 'object' &&
    source.extra !== null &&
    'request' in source.extra
  );
}

/** Each subscription's context, shaped like an HTTP request's so the guard and resolvers need no second path. */
export function subscriptionContext(context: SocketContext): HeraldRequestContext {
  const { request } = context.extra;
  const token = accessTokenOf(context.connectionParams);
  const { authorization: _ignored, ...headers } = request.headers;
  return buildRequestContext({
    ip: request.socket.remoteAddress,
    headers: token === null ? headers : { ...headers, authorization: `Bearer ${token}` },
  });
}

/**
 * Subscriptions over graphql-ws (the `graphql-transport-ws` protocol) at /graphql. A connection
 * without a valid access token is refused (close code 4403) before any subscription starts; each
 * subscription then passes the access guard like a query, with the role read fresh.
 */
export function graphqlWsSubscriptions(
  authenticator: Pick<Authenticator, 'authenticate'>,
): NonNullable<ApolloDriverConfig['subscriptions']> {
  return {
    'graphql-ws': {
      onConnect: async (context: Context<Record<string, unknown> | undefined, unknown>): Promise<boolean> => {
        const token = accessTokenOf(context.connectionParams);
        if (token === null) return false;
        try {
          await authenticator.authenticate(token);
          return true;
        } catch (error) {
          if (isHeraldError(error, 'AUTH.UNAUTHENTICATED')) return false;
          throw error;
        }
      },
    },
  };
}
