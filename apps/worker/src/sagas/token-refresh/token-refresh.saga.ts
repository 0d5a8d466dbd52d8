import type { CommandBus } from '@nestjs/cqrs';
import {
  PLATFORM_NAMES,
  RecordTokenRefreshFailureCommand,
  RefreshSocialAccountTokensCommand,
} from '@herald/accounts';
import type { RequestMetadata } from '@herald/commands';
import { withLease, type LeaseManager } from '@herald/coordination';
import type { EventStore } from '@herald/event-store';
import type { HeraldCloudEvent } from '@herald/messaging';
import { isPlatformError, type PlatformRegistry, type TokenSet } from '@herald/platforms';
import type { ReadStore } from '@herald/read-store';
import type { Clock, IdGenerator } from '@herald/shared-kernel';
import { loadAccountSnapshot, type AccountSnapshot } from '../accounts/account-snapshot';
import { EventData } from '../event-data';
import {
  applyAccountEvent,
  refreshDueAt,
  TOKEN_REFRESH_COLLECTION,
  type TokenRefreshDocument,
} from './token-refresh.state';

export const TOKEN_REFRESH_ACTOR = { kind: 'system', id: 'token-refresh' } as const;

/** Why a refresh is attempted: a token about to expire, or one the platform just refused. */
export type RefreshTrigger =
  | { readonly kind: 'expiring' }
  | { readonly kind: 'rejected'; readonly failedAt: string; readonly cause: HeraldCloudEvent };

export type RefreshOutcome =
  | 'refreshed'
  /** Refreshed meanwhile (by another replica or a reconnect), or not expiring yet. */
  | 'not_needed'
  /** Another replica is refreshing this account right now. */
  | 'busy'
  /** Disconnected or already waiting for a reconnect. */
  | 'not_refreshable'
  /** The grant is gone: the account is marked for a reconnect. */
  | 'needs_reconnect'
  /** Will be retried later (platform down, rate limited, platform not configured here). */
  | 'retry_later';

export interface TokenRefreshSagaOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly registry: PlatformRegistry;
  readonly commandBus: CommandBus;
  readonly leases: LeaseManager;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly owner: string;
  readonly leasePrefix: string;
  readonly refreshWindowMs: number;
  readonly log: { log(message: string): void; warn(message: string): void };
}

/** Transient failures in a row before the account shows a refresh failure (and its notification). */
export const FAILURES_BEFORE_REPORT = 3;
const RETRY_BASE_MS = 5 * 60_000;
const RETRY_MAX_MS = 2 * 3_600_000;
const LEASE_TTL_MS = 60_000;

/**
 * Keeps OAuth access tokens valid. A sweep refreshes every token expiring within the window
 * (24 h by default); a publish refused with `needs_refresh` triggers one at once. Success issues
 * RefreshSocialAccountTokens with the new tokens (the event store encrypts them); a revoked
 * grant (`invalid_grant`) records a permanent failure, which expires the account until someone
 * reconnects it and raises a notification. Exactly one replica refreshes an account at a time
 * (lease `token-refresh:<account>`): platforms that rotate refresh tokens (X) invalidate the old
 * one on use, so a second concurrent refresh would fail and wrongly ask for a reconnect.
 */
export class TokenRefreshSaga {
  constructor(private readonly options: TokenRefreshSagaOptions) {}

  private get accounts() {
    return this.options.readStore.collection<TokenRefreshDocument>(TOKEN_REFRESH_COLLECTION);
  }

  async onAccountEvent(event: HeraldCloudEvent): Promise<void> {
    await applyAccountEvent(this.accounts, event, this.options.refreshWindowMs);
  }

  /** The publisher's `needs_refresh`: the platform refused a token it should have accepted. */
  async onPublishAttemptFailed(event: HeraldCloudEvent): Promise<RefreshOutcome | null> {
    const data = new EventData(event);
    if (data.string('errorClass') !== 'needs_refresh') return null;
    return this.refresh(data.string('accountId'), {
      kind: 'rejected',
      failedAt: data.string('failedAt'),
      cause: event,
    });
  }

  /** Refreshes every account whose token is due (refreshDueAt) and is not waiting for a retry. */
  async sweep(): Promise<Map<string, RefreshOutcome>> {
    const now = this.options.clock.now().toISOString();
    const due = await this.accounts.find(
      {
        status: { $in: ['active', 'error', 'rate_limited'] },
        refreshAt: { $ne: null, $lte: now },
        $or: [{ nextAttemptAt: null }, { nextAttemptAt: { $lte: now } }],
      },
      { sort: { refreshAt: 1 } },
    );
    const outcomes = new Map<string, RefreshOutcome>();
    for (const account of due)
      outcomes.set(account._id, await this.refresh(account._id, { kind: 'expiring' }));
    return outcomes;
  }

  async refresh(accountId: string, trigger: RefreshTrigger): Promise<RefreshOutcome> {
    const { leases, owner, leasePrefix } = this.options;
    // One holder per call, not per process: the sweep and a reactive refresh of the same account
    // in one process must exclude each other too (the lease store hands an owner its own lease).
    const holder = `${owner}/${this.options.ids.next()}`;
    const held = await withLease(
      leases,
      `${leasePrefix}token-refresh:${accountId}`,
      holder,
      { ttlMs: LEASE_TTL_MS },
      () => this.refreshHeld(accountId, trigger),
    );
    return held.acquired ? held.result : 'busy';
  }

  private async refreshHeld(accountId: string, trigger: RefreshTrigger): Promise<RefreshOutcome> {
    const { eventStore, registry, clock } = this.options;
    const snapshot = await loadAccountSnapshot(eventStore, accountId);
    const { state } = snapshot;
    if (state.status === 'none' || state.status === 'disconnected' || state.status === 'expired')
      return 'not_refreshable';
    const { account } = state;
    const now = clock.now();
    if (trigger.kind === 'expiring') {
      const issuedAt = snapshot.tokensIssuedAt ?? now.toISOString();
      const dueAt = refreshDueAt(issuedAt, account.tokenExpiresAt, this.options.refreshWindowMs);
      if (dueAt === null || dueAt > now.toISOString()) return 'not_needed';
    } else if (snapshot.tokensIssuedAt !== null && snapshot.tokensIssuedAt > trigger.failedAt) {
      return 'not_needed';
    }
    const platform = PLATFORM_NAMES[account.platform];
    if (!registry.isAvailable(account.platform)) {
      this.options.log.warn(`${platform} is not configured here: cannot refresh account ${accountId}`);
      return this.retryLater(
        snapshot,
        trigger,
        `${platform} is not configured on this installation`,
        null,
        false,
      );
    }
    const oauth = registry.get(account.platform).oauth;
    if (oauth === null || !oauth.supportsRefresh) {
      return this.retryLater(
        snapshot,
        trigger,
        `${platform} tokens cannot be refreshed; reconnect the account before it expires`,
        account.tokenExpiresAt,
        true,
      );
    }
    if (snapshot.tokens === null || snapshot.tokens.refreshToken === null) {
      return this.needsReconnect(
        snapshot,
        trigger,
        'no refresh token is stored for this account (erased or never issued)',
      );
    }
    let tokens: TokenSet;
    try {
      tokens = await oauth.refresh(snapshot.tokens);
    } catch (error) {
      if (isPlatformError(error, 'needs_reconnect')) {
        // A refresh recorded since we read the stream rotated the token we sent: not a revoked grant.
        const latest = await loadAccountSnapshot(eventStore, accountId);
        if (latest.tokensIssuedAt !== snapshot.tokensIssuedAt) return 'not_needed';
        return this.needsReconnect(snapshot, trigger, error.reason);
      }
      const reason = isPlatformError(error)
        ? error.reason
        : error instanceof Error
          ? error.message
          : String(error);
      const retryAt = isPlatformError(error) ? error.retryAt(now) : null;
      // Our own app credentials refused: no retry fixes it, so the account shows it at once.
      const reportNow = isPlatformError(error, 'rejected');
      return this.retryLater(snapshot, trigger, reason, retryAt?.toISOString() ?? null, reportNow);
    }
    await this.options.commandBus.execute(
      new RefreshSocialAccountTokensCommand(accountId, tokens, this.metadata(snapshot, trigger)),
    );
    await this.accounts.updateOne(
      { _id: accountId },
      { $set: { failures: 0, nextAttemptAt: null, lastError: null } },
    );
    this.options.log.log(`refreshed the ${platform} token of account ${accountId}`);
    return 'refreshed';
  }

  private async needsReconnect(
    snapshot: AccountSnapshot,
    trigger: RefreshTrigger,
    reason: string,
  ): Promise<RefreshOutcome> {
    await this.options.commandBus.execute(
      new RecordTokenRefreshFailureCommand(
        snapshot.accountId,
        reason,
        true,
        this.metadata(snapshot, trigger),
      ),
    );
    this.options.log.warn(`account ${snapshot.accountId} needs a reconnect: ${reason}`);
    return 'needs_reconnect';
  }

  /**
   * Backs off (5 min, 15 min, 45 min… at most 2 h, or when the platform says) and records the
   * failure on the account once it repeats, or at once when the token has already expired or
   * only a person can fix it, so the account's health and notifications tell.
   */
  private async retryLater(
    snapshot: AccountSnapshot,
    trigger: RefreshTrigger,
    reason: string,
    retryAt: string | null,
    reportNow: boolean,
  ): Promise<RefreshOutcome> {
    const now = this.options.clock.now();
    const current = await this.accounts.findOne({ _id: snapshot.accountId });
    const failures = (current?.failures ?? 0) + 1;
    const backoff = Math.min(RETRY_BASE_MS * 3 ** (failures - 1), RETRY_MAX_MS);
    const nextAttemptAt = retryAt ?? new Date(now.getTime() + backoff).toISOString();
    await this.accounts.updateOne(
      { _id: snapshot.accountId },
      { $set: { failures, nextAttemptAt, lastError: reason } },
    );
    const state = snapshot.state;
    const expired =
      state.status !== 'none' &&
      state.account.tokenExpiresAt !== null &&
      Date.parse(state.account.tokenExpiresAt) <= now.getTime();
    const alreadyReported =
      state.status === 'error' && state.errorCode === 'token_refresh_failed' && state.message === reason;
    if ((reportNow || expired || failures >= FAILURES_BEFORE_REPORT) && !alreadyReported) {
      await this.options.commandBus.execute(
        new RecordTokenRefreshFailureCommand(
          snapshot.accountId,
          reason,
          false,
          this.metadata(snapshot, trigger),
        ),
      );
    }
    this.options.log.warn(
      `refresh of account ${snapshot.accountId} failed (${failures} in a row), next try at ${nextAttemptAt}: ${reason}`,
    );
    return 'retry_later';
  }

  private metadata(snapshot: AccountSnapshot, trigger: RefreshTrigger): RequestMetadata {
    if (trigger.kind === 'rejected') {
      return {
        tenantId: snapshot.tenantId,
        actor: TOKEN_REFRESH_ACTOR,
        correlationId: trigger.cause.correlationid,
        causationId: trigger.cause.id,
      };
    }
    return {
      tenantId: snapshot.tenantId,
      actor: TOKEN_REFRESH_ACTOR,
      correlationId: this.options.ids.next(),
      causationId: null,
    };
  }
}
