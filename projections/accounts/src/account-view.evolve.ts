import type { AccountHealthStatus, SocialAccountEvent, SocialPlatform } from '@herald/accounts';
import type { Recorded } from '@herald/projections/support';

/** A connected account as screens show it. Token values never reach it: only their expiry. */
export interface AccountViewDocument {
  _id: string;
  organizationId: string;
  platform: SocialPlatform;
  handle: string;
  displayName: string | null;
  scopes: string[];
  health: AccountHealthStatus;
  /** Why the account is not active: an error code and message, an expiry reason, a rate limit's end. */
  healthDetail: { code: string | null; message: string | null; until: string | null };
  healthChangedAt: string;
  tokenExpiresAt: string | null;
  lastRefreshedAt: string | null;
  lastRefreshFailure: { reason: string; permanent: boolean; failedAt: string } | null;
  /** 1 at connect, +1 per reconnect. */
  generation: number;
  connectedAt: string;
  connectedBy: string;
  disconnectedAt: string | null;
  updatedAt: string;
}

const healthy = { code: null, message: null, until: null };

const sameDetail = (a: AccountViewDocument['healthDetail'], b: AccountViewDocument['healthDetail']): boolean =>
  a.code === b.code && a.message === b.message && a.until === b.until;

function existing(view: AccountViewDocument | null, event: Recorded<SocialAccountEvent>): AccountViewDocument {
  if (view === null) throw new Error(`${event.type} at position ${event.envelope.globalPosition} for an account never connected (${event.envelope.streamId})`);
  return view;
}

/** The aggregate's health transitions (social-account.decider.ts evolve), with what the screens need. */
export function evolveAccountView(current: AccountViewDocument | null, event: Recorded<SocialAccountEvent>): AccountViewDocument {
  const changedAt = event.envelope.occurredAt;
  const health = (view: AccountViewDocument, status: AccountHealthStatus, detail: AccountViewDocument['healthDetail']): AccountViewDocument => ({
    ...view,
    health: status,
    healthDetail: detail,
    healthChangedAt: view.health === status && sameDetail(view.healthDetail, detail) ? view.healthChangedAt : changedAt,
    updatedAt: changedAt,
  });
  if (event.type === 'socialAccount.connected') {
    const { data } = event;
    return {
      _id: data.accountId,
      organizationId: data.organizationId,
      platform: data.platform,
      handle: data.handle,
      displayName: data.displayName,
      scopes: [...data.scopes],
      health: 'active',
      healthDetail: healthy,
      healthChangedAt: changedAt,
      tokenExpiresAt: data.tokenExpiresAt,
      lastRefreshedAt: null,
      lastRefreshFailure: null,
      generation: data.generation,
      connectedAt: data.connectedAt,
      connectedBy: data.connectedBy,
      disconnectedAt: null,
      updatedAt: changedAt,
    };
  }
  const view = existing(current, event);
  switch (event.type) {
    case 'socialAccount.reconnected': {
      const { data } = event;
      const reconnected = { ...view, handle: data.handle, scopes: [...data.scopes], tokenExpiresAt: data.tokenExpiresAt, generation: data.generation, disconnectedAt: null, lastRefreshFailure: null };
      return health(reconnected, 'active', healthy);
    }
    case 'socialAccount.tokensRefreshed': {
      const { data } = event;
      const refreshed = { ...view, scopes: [...data.scopes], tokenExpiresAt: data.tokenExpiresAt, lastRefreshedAt: data.refreshedAt, updatedAt: changedAt };
      // A fresh token does not lift a platform's rate limit.
      if (view.health === 'rate_limited' && view.healthDetail.until !== null && view.healthDetail.until > data.refreshedAt) return refreshed;
      return health(refreshed, 'active', healthy);
    }
    case 'socialAccount.tokenRefreshFailed': {
      const { data } = event;
      const failed = { ...view, lastRefreshFailure: { reason: data.reason, permanent: data.permanent, failedAt: data.failedAt } };
      return data.permanent
        ? health(failed, 'expired', { code: 'token_refresh_failed', message: data.reason, until: null })
        : health(failed, 'error', { code: 'token_refresh_failed', message: data.reason, until: null });
    }
    case 'socialAccount.rateLimited':
      return health(view, 'rate_limited', { code: 'rate_limited', message: null, until: event.data.until });
    case 'socialAccount.errored':
      return health(view, 'error', { code: event.data.errorCode, message: event.data.message, until: null });
    case 'socialAccount.expired':
      return health(view, 'expired', { code: 'expired', message: event.data.reason, until: null });
    case 'socialAccount.healthRestored':
      return health(view, 'active', healthy);
    case 'socialAccount.disconnected':
      return { ...health(view, 'disconnected', { code: null, message: event.data.reason, until: null }), disconnectedAt: event.data.disconnectedAt };
  }
}
