import {
  socialAccountDecider,
  socialAccountStreamId,
  type OAuthTokens,
  type SocialAccountEvent,
  type SocialAccountState,
  type SocialPlatform,
  type StoredCredentials,
} from '@herald/accounts';
import type { EventStore, RecordedEvent } from '@herald/event-store';
import { HeraldError } from '@herald/shared-kernel';

/** What a saga needs to call a platform for an account: its health and its current tokens. */
export interface AccountSnapshot {
  readonly accountId: string;
  readonly organizationId: string;
  readonly platform: SocialPlatform;
  readonly externalId: string;
  readonly state: Exclude<SocialAccountState, { status: 'none' }>;
  /** null when the account has none usable: erased (crypto-shredded) or never stored. */
  readonly tokens: OAuthTokens | null;
}

const CREDENTIAL_EVENTS = new Set<string>([
  'socialAccount.connected',
  'socialAccount.reconnected',
  'socialAccount.tokensRefreshed',
]);

/**
 * Reads an account's tokens from its stream through the application's event store, which
 * decrypts personal fields with the key vault (the tokens are never in any read model). Tokens
 * live only in memory for the call. A refresh that issued no new refresh token keeps the previous
 * one, as the accounts context defines.
 */
export class AccountCredentialsReader {
  constructor(private readonly store: EventStore) {}

  async read(accountId: string): Promise<AccountSnapshot | null> {
    const recorded = await this.store.readStream(socialAccountStreamId(accountId));
    if (recorded.length === 0) return null;
    // The stream holds only social account events, written by the accounts decider.
    const events = recorded.map(
      (event) =>
        ({ type: event.type, schemaVersion: event.schemaVersion, data: event.data }) as SocialAccountEvent,
    );
    const state = events.reduce(socialAccountDecider.evolve, socialAccountDecider.initialState);
    if (state.status === 'none') return null;
    return {
      accountId,
      organizationId: state.account.organizationId,
      platform: state.account.platform,
      externalId: state.account.externalId,
      state,
      tokens: latestTokens(recorded, state),
    };
  }

  /** The snapshot when the account can be called now; SAGA.CREDENTIALS_UNAVAILABLE otherwise. */
  async requireUsable(accountId: string): Promise<AccountSnapshot & { readonly tokens: OAuthTokens }> {
    const snapshot = await this.read(accountId);
    const status = snapshot?.state.status ?? 'none';
    if (snapshot === null || snapshot.tokens === null || status === 'disconnected' || status === 'expired') {
      const why =
        snapshot === null
          ? 'the account does not exist'
          : status === 'disconnected' || status === 'expired'
            ? `the account is ${status}`
            : 'its tokens were erased';
      throw new HeraldError(
        'SAGA.CREDENTIALS_UNAVAILABLE',
        `No usable credentials for account ${accountId}: ${why}; reconnect it.`,
        {
          accountId,
          status,
        },
      );
    }
    return { ...snapshot, tokens: snapshot.tokens };
  }
}

function latestTokens(
  recorded: readonly RecordedEvent[],
  state: Exclude<SocialAccountState, { status: 'none' }>,
): OAuthTokens | null {
  let accessToken: string | null = null;
  let refreshToken: string | null = null;
  for (const event of recorded) {
    if (!CREDENTIAL_EVENTS.has(event.type)) continue;
    const credentials = (event.data as { credentials: StoredCredentials }).credentials;
    const access: unknown = credentials.accessToken;
    const refresh: unknown = credentials.refreshToken;
    // An erased token reads back as a marker object, never as a string.
    accessToken = typeof access === 'string' ? access : null;
    if (event.type !== 'socialAccount.tokensRefreshed') {
      refreshToken = typeof refresh === 'string' ? refresh : null;
    } else if (refresh !== null) {
      refreshToken = typeof refresh === 'string' ? refresh : null;
    }
  }
  if (accessToken === null) return null;
  return {
    accessToken,
    refreshToken,
    expiresAt: state.account.tokenExpiresAt,
    scopes: state.account.scopes,
  };
}
