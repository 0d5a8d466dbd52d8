import type { AccountHealthStatus } from '@herald/accounts';
import type { HeraldCloudEvent } from '@herald/messaging';
import type { Collection, Update } from '@herald/read-store';
import { entityIdOf, EventData } from '../event-data';

export const TOKEN_REFRESH_COLLECTION = 'saga_token_refresh';

/** What the token-refresh saga tracks per account, built from the accounts topic. */
export interface TokenRefreshDocument {
  _id: string;
  organizationId: string | null;
  platform: string;
  tokenExpiresAt: string | null;
  /** When the sweep refreshes the token (refreshDueAt); null for tokens that never expire. */
  refreshAt: string | null;
  status: AccountHealthStatus;
  /** Failed refreshes since the last success; reset by a refresh or a reconnect. */
  failures: number;
  /** A failed refresh is retried no earlier than this. */
  nextAttemptAt: string | null;
  lastError: string | null;
}

export const ACCOUNT_EVENT_TYPES = [
  'socialAccount.connected',
  'socialAccount.reconnected',
  'socialAccount.tokensRefreshed',
  'socialAccount.tokenRefreshFailed',
  'socialAccount.expired',
  'socialAccount.disconnected',
] as const;

/**
 * When a token is refreshed: `window` before it expires (24 h by default), or at half its
 * lifetime for tokens living less than twice the window (X's last two hours: refreshed after
 * one), so a short-lived token is not refreshed at every sweep.
 */
export function refreshDueAt(issuedAt: string, expiresAt: string | null, windowMs: number): string | null {
  if (expiresAt === null) return null;
  const expires = Date.parse(expiresAt);
  const lifetime = Math.max(0, expires - Date.parse(issuedAt));
  return new Date(expires - Math.min(windowMs, lifetime / 2)).toISOString();
}

/** Issue instants come from the commands' clock (as expiries do), not from the store's commit time. */
const ISSUED_AT_FIELD: Readonly<Record<string, string>> = {
  'socialAccount.connected': 'connectedAt',
  'socialAccount.reconnected': 'reconnectedAt',
  'socialAccount.tokensRefreshed': 'refreshedAt',
};

const freshTokens = (event: HeraldCloudEvent, data: EventData, windowMs: number) => {
  const tokenExpiresAt = data.nullableString('tokenExpiresAt');
  return {
    tokenExpiresAt,
    refreshAt: refreshDueAt(data.string(ISSUED_AT_FIELD[event.type]), tokenExpiresAt, windowMs),
    status: 'active' as const,
    failures: 0,
    nextAttemptAt: null,
    lastError: null,
  };
};

/**
 * Applies one account event. Each write is stamped with the event's global position, so a
 * redelivered or republished event (the embedded relay republishes the log at every start)
 * changes nothing: the document already carries that position or a later one.
 */
export async function applyAccountEvent(
  collection: Collection<TokenRefreshDocument>,
  event: HeraldCloudEvent,
  refreshWindowMs: number,
): Promise<void> {
  const data = new EventData(event);
  const accountId = entityIdOf(event.subject);
  let update: Update<TokenRefreshDocument>;
  switch (event.type) {
    case 'socialAccount.connected':
      update = {
        $set: {
          organizationId: data.string('organizationId'),
          platform: data.string('platform'),
          ...freshTokens(event, data, refreshWindowMs),
        },
      };
      break;
    case 'socialAccount.reconnected':
    case 'socialAccount.tokensRefreshed':
      update = { $set: freshTokens(event, data, refreshWindowMs) };
      break;
    case 'socialAccount.tokenRefreshFailed':
      update = {
        $set: { status: data.boolean('permanent') ? 'expired' : 'error', lastError: data.string('reason') },
      };
      break;
    case 'socialAccount.expired':
      update = { $set: { status: 'expired', lastError: data.string('reason') } };
      break;
    case 'socialAccount.disconnected':
      update = { $set: { status: 'disconnected' } };
      break;
    default:
      return;
  }
  if (event.type !== 'socialAccount.connected') {
    // Only when the connect itself is gone from the topic (retention): the sweep then reads
    // the account's stream, which holds everything the document lacks.
    update.$setOnInsert = {
      organizationId: event.tenantid ?? null,
      platform: 'unknown',
      tokenExpiresAt: null,
      failures: 0,
      nextAttemptAt: null,
    };
    for (const field of Object.keys(update.$set ?? {})) delete update.$setOnInsert[field];
  }
  await collection.upsert({ _id: accountId }, update, { atPosition: event.globalposition });
}
