import type { SocialPlatform } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';
import type { AuthorizationRequest, ConnectableAccount, OAuthFlow, TokenSet } from '../connector.port';
import type { PlatformRegistry } from '../registry/platform-registry';
import type { OAuthStateRecord } from './oauth-state.port';
import type { OAuthStateOwner, OAuthStates } from './oauth-states';

export interface BeginConnection {
  readonly platform: SocialPlatform;
  readonly userId: string;
  readonly organizationId: string;
  readonly redirectUri: string;
}

/** The query a platform's redirect brings back: `code` and `state`, or `error` when the user declined. */
export interface ConnectionCallback {
  readonly platform: SocialPlatform;
  readonly userId: string;
  readonly organizationId: string;
  readonly state: string;
  readonly code: string | null;
  readonly error: string | null;
  readonly errorDescription?: string | null;
}

/** A callback reaching Herald without a session: the platform redirected the user's browser. */
export type RedirectCallback = Omit<ConnectionCallback, 'userId' | 'organizationId'>;

export interface CompletedConnection {
  readonly platform: SocialPlatform;
  /** The grant itself (for Facebook the user token; each account carries the tokens to use for it). */
  readonly grant: TokenSet;
  readonly accounts: readonly ConnectableAccount[];
}

/**
 * The two halves of connecting an account over OAuth, for the REST callback and the GraphQL
 * mutation to call: `begin` issues a bound, single-use state (and PKCE pair where supported) and
 * returns the URL to send the user to; `complete` checks the state before touching the code.
 */
export class OAuthConnection {
  constructor(
    private readonly registry: PlatformRegistry,
    private readonly states: OAuthStates,
  ) {}

  private flow(platform: SocialPlatform): OAuthFlow {
    const flow = this.registry.get(platform).oauth;
    if (flow === null)
      throw new HeraldError('PLATFORM.NOT_SUPPORTED', 'This platform is connected without OAuth.', {
        platform,
      });
    return flow;
  }

  async begin(input: BeginConnection): Promise<AuthorizationRequest> {
    const flow = this.flow(input.platform);
    const issued = await this.states.issue({ ...input, pkce: flow.supportsPkce });
    const url = flow.authorizationUrl({
      state: issued.state,
      redirectUri: input.redirectUri,
      codeChallenge: issued.codeChallenge,
    });
    return { url, state: issued.state, codeVerifier: issued.codeVerifier };
  }

  async complete(callback: ConnectionCallback): Promise<CompletedConnection> {
    const flow = this.flow(callback.platform);
    // The state is checked (and burnt) first, even for a declined consent, so a forged callback learns nothing.
    const record = await this.states.consume(callback.state, callback);
    return this.exchange(flow, callback, record);
  }

  /**
   * `complete` for a callback without a session: the single-use state names its owner, and
   * `authorize` (is the owner still allowed to connect accounts?) runs after the state is burnt
   * and before the code is exchanged, so no token is ever fetched for someone who may not use it.
   */
  async completeRedirect(
    callback: RedirectCallback,
    authorize: (owner: OAuthStateOwner) => Promise<void>,
  ): Promise<CompletedConnection & { readonly owner: OAuthStateOwner }> {
    const flow = this.flow(callback.platform);
    const record = await this.states.consumeForPlatform(callback.state, callback.platform);
    const owner: OAuthStateOwner = {
      userId: record.userId,
      organizationId: record.organizationId,
      platform: record.platform,
    };
    if (callback.error === null) await authorize(owner);
    return { ...(await this.exchange(flow, callback, record)), owner };
  }

  private async exchange(
    flow: OAuthFlow,
    callback: RedirectCallback,
    record: OAuthStateRecord,
  ): Promise<CompletedConnection> {
    if (callback.error !== null || callback.code === null || callback.code === '') {
      throw new HeraldError('PLATFORM.OAUTH_DENIED', undefined, {
        platform: callback.platform,
        error: callback.error ?? 'missing_code',
        description: callback.errorDescription ?? null,
      });
    }
    const grant = await flow.exchangeCode({
      code: callback.code,
      redirectUri: record.redirectUri,
      codeVerifier: record.codeVerifier,
    });
    const accounts = await flow.listAccounts(grant);
    return { platform: callback.platform, grant, accounts };
  }
}
