import { Inject, Injectable } from '@nestjs/common';
import {
  socialAccountDecider,
  socialAccountStreamId,
  type OAuthTokens,
  type SocialAccountEvent,
  type SocialAccountState,
  type StoredCredentials,
} from '@herald/accounts';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@herald/event-store';

/** An account as its own stream tells it, with the tokens in force (decrypted by the store). */
export interface AccountStreamView {
  readonly state: SocialAccountState;
  /** The organization of the stream's first event; null for a stream that does not exist. */
  readonly tenantId: string | null;
  /** Null when no readable token was ever stored or its key was forgotten. */
  readonly tokens: OAuthTokens | null;
}

/**
 * Folds one account's stream with the decider, and tracks the tokens the publisher would use
 * now: each connect, reconnect or refresh replaces them; a refresh without a refresh token
 * keeps the previous one, as the platform does.
 */
export type StreamEvent = Pick<RecordedEvent, 'type' | 'schemaVersion' | 'data'> & {
  readonly metadata: Pick<RecordedEvent['metadata'], 'tenantId'>;
};

export function foldAccountStream(recorded: readonly StreamEvent[]): AccountStreamView {
  let state: SocialAccountState = socialAccountDecider.initialState;
  let tokens: OAuthTokens | null = null;
  for (const stored of recorded) {
    const event = {
      type: stored.type,
      schemaVersion: stored.schemaVersion,
      data: stored.data,
    } as SocialAccountEvent;
    state = socialAccountDecider.evolve(state, event);
    switch (event.type) {
      case 'socialAccount.connected':
      case 'socialAccount.reconnected':
        tokens = readableTokens(event.data.credentials, null, event.data.scopes, event.data.tokenExpiresAt);
        break;
      case 'socialAccount.tokensRefreshed':
        tokens = readableTokens(
          event.data.credentials,
          tokens?.refreshToken ?? null,
          event.data.scopes,
          event.data.tokenExpiresAt,
        );
        break;
      default:
        break;
    }
  }
  return { state, tenantId: recorded[0]?.metadata.tenantId ?? null, tokens };
}

/** An erased subject reads back as a placeholder object, not a string: such tokens are gone. */
function readableTokens(
  credentials: StoredCredentials,
  keptRefreshToken: string | null,
  scopes: readonly string[],
  expiresAt: string | null,
): OAuthTokens | null {
  const { accessToken, refreshToken } = credentials as { accessToken: unknown; refreshToken: unknown };
  if (typeof accessToken !== 'string') return null;
  return {
    accessToken,
    refreshToken: typeof refreshToken === 'string' ? refreshToken : keptRefreshToken,
    expiresAt,
    scopes,
  };
}

@Injectable()
export class SocialAccountStreamReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(accountId: string): Promise<AccountStreamView> {
    return foldAccountStream(await this.store.readStream(socialAccountStreamId(accountId)));
  }

  /** Only the first event: enough for the platform identity, which never changes. */
  async externalIdOf(accountId: string): Promise<string | null> {
    const [first] = await this.store.readStream(socialAccountStreamId(accountId), { maxCount: 1 });
    const state = first === undefined ? socialAccountDecider.initialState : foldAccountStream([first]).state;
    return state.status === 'none' ? null : state.account.externalId;
  }
}
