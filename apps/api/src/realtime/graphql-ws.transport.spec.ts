import type { Context } from 'graphql-ws';
import { HeraldError } from '@herald/shared-kernel';
import { accessTokenOf, graphqlWsSubscriptions } from './graphql-ws.transport';

type OnConnect = (context: Context<Record<string, unknown> | undefined, unknown>) => Promise<boolean>;

describe(accessTokenOf.name, () => {
  it.each([
    ['an authorization header value', { authorization: 'Bearer abc.def' }, 'abc.def'],
    ['a bare access token', { accessToken: 'abc.def' }, 'abc.def'],
    ['no parameters', undefined, null],
    ['another scheme', { authorization: 'Basic abc' }, null],
    ['an empty token', { accessToken: '' }, null],
  ])('reads %s', (_case, params, expected) => {
    expect(accessTokenOf(params)).toBe(expected);
  });
});

describe(graphqlWsSubscriptions.name, () => {
  const connect = (
    authenticate: (token: string) => Promise<unknown>,
    connectionParams?: Record<string, unknown>,
  ) => {
    const options = graphqlWsSubscriptions({
      authenticate: authenticate as never,
    })['graphql-ws'] as { onConnect: OnConnect };
    return options.onConnect({ connectionParams } as Context<Record<string, unknown> | undefined, unknown>);
  };

  it('accepts a connection whose token authenticates', async () => {
    const authenticate = jest.fn(async () => ({ userId: 'u' }));
    expect(await connect(authenticate, { authorization: 'Bearer good' })).toBe(true);
    expect(authenticate).toHaveBeenCalledWith('good');
  });

  it('refuses a connection without a token or with one that does not authenticate', async () => {
    const refuse = async () => {
      throw new HeraldError('AUTH.UNAUTHENTICATED', 'expired');
    };
    expect(await connect(refuse)).toBe(false);
    expect(await connect(refuse, { accessToken: 'stale' })).toBe(false);
  });

  it('lets an unexpected failure surface instead of passing it off as a refusal', async () => {
    const broken = async () => {
      throw new Error('session store down');
    };
    await expect(connect(broken, { accessToken: 'token' })).rejects.toThrow('session store down');
  });
});
