import {
  SOCIAL_ACCOUNT_EVENT_TYPES,
  socialAccountDecider,
  socialAccountStreamId,
  type OAuthTokens,
  type SocialAccountEvent,
  type SocialAccountState,
} from '@herald/accounts';
import type { EventStore, RecordedEvent } from '@herald/event-store';

/** An account as its own stream tells it, with the tokens in force (decrypted by the store). */
export interface AccountSnapshot {
  readonly accountId: string;
  readonly state: SocialAccountState;
  /** Tenant of the account's events: the organization the sagas act in. */
  readonly tenantId: string | null;
  /** Null when the tokens were erased (key forgotten) or never issued. */
  readonly tokens: OAuthTokens | null;
  /** When the tokens in force were issued (connect, reconnect or refresh), by the commands' clock. */
  readonly tokensIssuedAt: string | null;
  readonly lastEventId: string | null;
}

const ACCOUNT_TYPES: ReadonlySet<string> = new Set(SOCIAL_ACCOUNT_EVENT_TYPES);

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Reads the account from the event store, never from a read model: a token refresh must start
 * from the tokens actually in force, and a read model may lag behind a refresh another replica
 * has just recorded. The store decrypts the credentials; an erased token reads back as a marker
 * object, which counts as no token.
 */
export async function loadAccountSnapshot(store: EventStore, accountId: string): Promise<AccountSnapshot> {
  const recorded = await store.readStream(socialAccountStreamId(accountId));
  let state: SocialAccountState = socialAccountDecider.initialState;
  let accessToken: string | null = null;
  let refreshToken: string | null = null;
  let tokensIssuedAt: string | null = null;
  let tenantId: string | null = null;
  let lastEventId: string | null = null;
  for (const event of recorded) {
    if (!ACCOUNT_TYPES.has(event.type)) continue;
    const domain = toAccountEvent(event);
    state = socialAccountDecider.evolve(state, domain);
    tenantId = event.metadata.tenantId ?? tenantId;
    lastEventId = event.id;
    switch (domain.type) {
      case 'socialAccount.connected':
      case 'socialAccount.reconnected':
        accessToken = isText(domain.data.credentials.accessToken)
          ? domain.data.credentials.accessToken
          : null;
        refreshToken = isText(domain.data.credentials.refreshToken)
          ? domain.data.credentials.refreshToken
          : null;
        tokensIssuedAt =
          domain.type === 'socialAccount.connected' ? domain.data.connectedAt : domain.data.reconnectedAt;
        break;
      case 'socialAccount.tokensRefreshed':
        accessToken = isText(domain.data.credentials.accessToken)
          ? domain.data.credentials.accessToken
          : null;
        // A refresh without a new refresh token keeps the current one (the decider's rule too).
        if (domain.data.credentials.refreshToken !== null) {
          refreshToken = isText(domain.data.credentials.refreshToken)
            ? domain.data.credentials.refreshToken
            : null;
        }
        tokensIssuedAt = domain.data.refreshedAt;
        break;
      default:
        break;
    }
  }
  const account = state.status === 'none' ? null : state.account;
  return {
    accountId,
    state,
    tenantId,
    tokens:
      account === null || accessToken === null
        ? null
        : { accessToken, refreshToken, expiresAt: account.tokenExpiresAt, scopes: account.scopes },
    tokensIssuedAt,
    lastEventId,
  };
}

function toAccountEvent(event: RecordedEvent): SocialAccountEvent {
  // The stream holds only this aggregate's events (filtered by type above), written by its decider.
  return { type: event.type, schemaVersion: event.schemaVersion, data: event.data } as SocialAccountEvent;
}
