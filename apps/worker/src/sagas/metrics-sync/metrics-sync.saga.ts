import type { CommandBus } from '@nestjs/cqrs';
import type { SocialPlatform } from '@herald/accounts';
import { withLease, type LeaseManager, type RateLimiter, type RateLimitRule } from '@herald/coordination';
import type { EventStore } from '@herald/event-store';
import type { HeraldCloudEvent } from '@herald/messaging';
import { isPlatformError, type PlatformRegistry } from '@herald/platforms';
import { RecordPostMetricsCommand } from '@herald/posts';
import type { ReadStore, Update } from '@herald/read-store';
import { isHeraldError, type Clock, type IdGenerator } from '@herald/shared-kernel';
import { loadAccountSnapshot, type AccountSnapshot } from '../accounts/account-snapshot';
import {
  applyScheduleEvent,
  METRICS_SCHEDULE_COLLECTION,
  nextReadingAt,
  type MetricsScheduleDocument,
} from './metrics-schedule';

export const METRICS_SYNC_ACTOR = { kind: 'system', id: 'metrics-sync' } as const;

/**
 * Reads per account and window, below what each platform allows a user token (the platforms'
 * own quotas vary by API tier and change; these stay under the lowest published ones): X's post
 * lookup allows 15 per 15 minutes on its basic tier, Graph (Facebook, Instagram) about 200 calls
 * per user per hour, LinkedIn and YouTube meter per day.
 */
export const METRICS_RATE_LIMITS: Readonly<Record<SocialPlatform, RateLimitRule>> = {
  x: { limit: 15, windowMs: 15 * 60_000 },
  facebook: { limit: 100, windowMs: 3_600_000 },
  instagram: { limit: 100, windowMs: 3_600_000 },
  linkedin: { limit: 100, windowMs: 24 * 3_600_000 },
  tiktok: { limit: 100, windowMs: 3_600_000 },
  youtube: { limit: 100, windowMs: 24 * 3_600_000 },
  webhook: { limit: 100, windowMs: 3_600_000 },
};

export type ReadingOutcome = 'recorded' | 'postponed' | 'rate_limited' | 'finished' | 'busy';

export interface MetricsSyncSagaOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly registry: PlatformRegistry;
  readonly commandBus: CommandBus;
  readonly leases: LeaseManager;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly owner: string;
  readonly leasePrefix: string;
  readonly batchSize: number;
  readonly rateLimits?: Readonly<Record<SocialPlatform, RateLimitRule>>;
  readonly log: { log(message: string): void; warn(message: string): void };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Tries of one reading before it is given up and the next one is scheduled. */
const MAX_FAILURES = 5;

/** One sweep's memory: accounts read once, and accounts the platform or our limiter told to wait. */
interface Sweep {
  readonly now: Date;
  readonly accounts: Map<string, AccountSnapshot>;
  readonly blockedUntil: Map<string, string>;
}

/**
 * Reads post metrics for published targets on a cadence (metrics-schedule.ts) and records them
 * with RecordPostMetrics, so the analytics read model follows. Each reading runs under a lease on
 * its publication (replicas never read one twice) and carries an idempotency key naming the
 * reading, so a retry after a crash records nothing new. Platform failures are classified: a
 * rate limit pauses the account, a refused token waits for the token-refresh saga, a post gone
 * from the platform ends its schedule.
 */
export class MetricsSyncSaga {
  constructor(private readonly options: MetricsSyncSagaOptions) {}

  private get schedule() {
    return this.options.readStore.collection<MetricsScheduleDocument>(METRICS_SCHEDULE_COLLECTION);
  }

  async onEvent(event: HeraldCloudEvent): Promise<void> {
    await applyScheduleEvent(this.schedule, event);
  }

  /** Takes the readings due now, oldest first, at most `batchSize`. */
  async sync(): Promise<Map<string, ReadingOutcome>> {
    const sweep: Sweep = { now: this.options.clock.now(), accounts: new Map(), blockedUntil: new Map() };
    const due = await this.schedule.find(
      { done: false, nextDueAt: { $ne: null, $lte: sweep.now.toISOString() } },
      { sort: { nextDueAt: 1 }, limit: this.options.batchSize },
    );
    const outcomes = new Map<string, ReadingOutcome>();
    for (const entry of due) {
      const held = await withLease(
        this.options.leases,
        `${this.options.leasePrefix}metrics:${entry._id}`,
        // One holder per call: the lease store hands an owner's own lease back to it.
        `${this.options.owner}/${this.options.ids.next()}`,
        { ttlMs: 2 * MINUTE },
        () => this.read(entry._id, sweep),
      );
      outcomes.set(entry._id, held.acquired ? held.result : 'busy');
    }
    return outcomes;
  }

  private async read(id: string, sweep: Sweep): Promise<ReadingOutcome> {
    const { now } = sweep;
    // Re-read under the lease: another replica may have taken this reading meanwhile.
    const entry = await this.schedule.findOne({ _id: id });
    if (entry === null || entry.done || entry.nextDueAt === null || entry.nextDueAt > now.toISOString())
      return 'busy';
    const blocked = sweep.blockedUntil.get(entry.accountId);
    if (blocked !== undefined)
      return this.postpone(entry, blocked, 'the account is rate limited', 'rate_limited');

    const account = await this.account(entry.accountId, sweep);
    const { state } = account;
    if (state.status === 'none' || state.status === 'disconnected')
      return this.finish(entry, 'the account is disconnected');
    if (state.status === 'expired' || account.tokens === null)
      return this.postpone(entry, this.after(now, 6 * HOUR), 'the account needs a reconnect');
    const platform = state.account.platform;
    if (!this.options.registry.isAvailable(platform))
      return this.postpone(entry, this.after(now, 6 * HOUR), `${platform} is not configured here`);
    const connector = this.options.registry.get(platform);
    if (!connector.capabilities.postMetrics) return this.finish(entry, `${platform} reports no post metrics`);

    const rule = (this.options.rateLimits ?? METRICS_RATE_LIMITS)[platform];
    const decision = await this.options.rateLimiter.consume(
      `platform-metrics:${platform}:${entry.accountId}`,
      rule,
    );
    if (!decision.allowed) {
      const until = this.after(now, decision.retryAfterMs);
      sweep.blockedUntil.set(entry.accountId, until);
      return this.postpone(entry, until, 'waiting for the platform rate limit', 'rate_limited');
    }

    try {
      const reading = await connector.postMetrics(
        { externalId: state.account.externalId, tokens: account.tokens },
        entry.platformPostId,
      );
      await this.record(entry, reading.metrics, now);
    } catch (error) {
      return this.failed(entry, error, sweep);
    }
    const nextDueAt = nextReadingAt(entry._id, entry.publishedAt, now);
    await this.schedule.updateOne(
      { _id: entry._id },
      {
        $set: {
          nextDueAt,
          done: nextDueAt === null,
          lastMeasuredAt: now.toISOString(),
          failures: 0,
          lastError: null,
        },
        $inc: { measurements: 1 },
      },
    );
    return 'recorded';
  }

  private async record(
    entry: MetricsScheduleDocument,
    metrics: RecordPostMetricsCommand['metrics'],
    now: Date,
  ): Promise<void> {
    try {
      await this.options.commandBus.execute(
        new RecordPostMetricsCommand(
          entry.postId,
          entry.accountId,
          entry.platformPostId,
          metrics,
          now.toISOString(),
          {
            tenantId: entry.organizationId,
            actor: METRICS_SYNC_ACTOR,
            correlationId: this.options.ids.next(),
            causationId: null,
            // Names the reading: a retry after a crash between the record and the schedule update appends nothing.
            idempotencyKey: `metrics:${entry._id}:${entry.nextDueAt ?? ''}`,
          },
        ),
      );
    } catch (error) {
      // The same reading was recorded before the crash, with the values read then.
      if (isHeraldError(error, 'COMMAND.IDEMPOTENCY_KEY_REUSED')) return;
      throw error;
    }
  }

  private async failed(
    entry: MetricsScheduleDocument,
    error: unknown,
    sweep: Sweep,
  ): Promise<ReadingOutcome> {
    const { now } = sweep;
    if (isHeraldError(error, 'NOT_FOUND') || isHeraldError(error, 'POST.TARGET_NOT_FOUND'))
      return this.finish(entry, `the post or its publication is gone: ${error.message}`);
    if (!isPlatformError(error)) {
      return this.retry(entry, now, error instanceof Error ? error.message : String(error));
    }
    switch (error.kind) {
      case 'rate_limited': {
        const until = error.retryAt(now)?.toISOString() ?? this.after(now, 15 * MINUTE);
        sweep.blockedUntil.set(entry.accountId, until);
        return this.postpone(entry, until, error.reason, 'rate_limited');
      }
      case 'needs_refresh':
        // The token-refresh saga picks the account up; read again once it had time to.
        return this.postpone(entry, this.after(now, HOUR), error.reason);
      case 'needs_reconnect':
        return this.postpone(entry, this.after(now, 24 * HOUR), error.reason);
      case 'rejected':
        return this.finish(
          entry,
          `${error.platform} refused the metrics of ${entry.platformPostId}: ${error.reason}`,
        );
      case 'transient':
        return this.retry(entry, now, error.reason);
    }
  }

  private async retry(entry: MetricsScheduleDocument, now: Date, reason: string): Promise<ReadingOutcome> {
    const failures = entry.failures + 1;
    if (failures < MAX_FAILURES) {
      return this.postpone(entry, this.after(now, 15 * MINUTE * failures), reason, 'postponed', failures);
    }
    const nextDueAt = nextReadingAt(entry._id, entry.publishedAt, now);
    this.options.log.warn(`metrics of ${entry._id}: gave up this reading after ${failures} tries: ${reason}`);
    await this.update(entry, {
      $set: { nextDueAt, done: nextDueAt === null, failures: 0, lastError: reason },
    });
    return 'postponed';
  }

  private async postpone(
    entry: MetricsScheduleDocument,
    until: string,
    reason: string,
    outcome: ReadingOutcome = 'postponed',
    failures = entry.failures,
  ): Promise<ReadingOutcome> {
    await this.update(entry, { $set: { nextDueAt: until, failures, lastError: reason } });
    return outcome;
  }

  private async finish(entry: MetricsScheduleDocument, reason: string): Promise<ReadingOutcome> {
    await this.update(entry, { $set: { done: true, nextDueAt: null, lastError: reason } });
    return 'finished';
  }

  private async update(
    entry: MetricsScheduleDocument,
    update: Update<MetricsScheduleDocument>,
  ): Promise<void> {
    await this.schedule.updateOne({ _id: entry._id }, update);
  }

  private async account(accountId: string, sweep: Sweep): Promise<AccountSnapshot> {
    const cached = sweep.accounts.get(accountId);
    if (cached !== undefined) return cached;
    const snapshot = await loadAccountSnapshot(this.options.eventStore, accountId);
    sweep.accounts.set(accountId, snapshot);
    return snapshot;
  }

  private after(now: Date, ms: number): string {
    return new Date(now.getTime() + ms).toISOString();
  }
}
