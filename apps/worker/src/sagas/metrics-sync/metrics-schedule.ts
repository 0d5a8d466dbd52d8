import { createHash } from 'node:crypto';
import type { HeraldCloudEvent } from '@herald/messaging';
import type { Collection } from '@herald/read-store';
import { entityIdOf, EventData } from '../event-data';

export const METRICS_SCHEDULE_COLLECTION = 'saga_metrics_schedule';

/** One publication (a post on one account, one occurrence) whose metrics are read on a schedule. */
export interface MetricsScheduleDocument {
  _id: string;
  postId: string;
  accountId: string;
  platform: string;
  platformPostId: string;
  organizationId: string | null;
  publishedAt: string;
  /** The next reading is due then; also names the reading (its idempotency key). */
  nextDueAt: string | null;
  done: boolean;
  measurements: number;
  lastMeasuredAt: string | null;
  /** Failed tries of the current reading. */
  failures: number;
  lastError: string | null;
}

/**
 * Recent posts move fast: hourly readings for the first 48 hours, then daily until 30 days
 * after publication, then none (the last readings stay in the analytics read model).
 */
export const METRICS_CADENCE = {
  earlyIntervalMs: 3_600_000,
  earlyPeriodMs: 48 * 3_600_000,
  lateIntervalMs: 24 * 3_600_000,
  horizonMs: 30 * 24 * 3_600_000,
  /** Readings of one interval spread over its first tenth, so a burst of publications is not measured in one burst. */
  staggerFraction: 0.1,
} as const;

export const scheduleId = (postId: string, accountId: string, platformPostId: string): string =>
  `${postId}:${accountId}:${platformPostId}`;

/** A stable offset per publication: the same publication always falls at the same point of its interval. */
export function staggerMs(id: string, intervalMs: number): number {
  const hash = createHash('sha256').update(id).digest().readUInt32BE(0);
  return hash % Math.max(1, Math.floor(intervalMs * METRICS_CADENCE.staggerFraction));
}

/** When the reading after one taken at `measuredAt` is due; null past the horizon. */
export function nextReadingAt(id: string, publishedAt: string, measuredAt: Date): string | null {
  const published = Date.parse(publishedAt);
  const age = measuredAt.getTime() - published;
  const interval =
    age < METRICS_CADENCE.earlyPeriodMs ? METRICS_CADENCE.earlyIntervalMs : METRICS_CADENCE.lateIntervalMs;
  const next = measuredAt.getTime() + interval + staggerMs(id, interval);
  return next > published + METRICS_CADENCE.horizonMs ? null : new Date(next).toISOString();
}

export const SCHEDULE_EVENT_TYPES = [
  'post.publishSucceeded',
  'post.deleted',
  'socialAccount.disconnected',
] as const;

/**
 * Publications enter the schedule when published and leave it when the post is deleted or the
 * account disconnected. Writes carry the event's position, so redeliveries change nothing.
 */
export async function applyScheduleEvent(
  collection: Collection<MetricsScheduleDocument>,
  event: HeraldCloudEvent,
): Promise<void> {
  const data = new EventData(event);
  const atPosition = event.globalposition;
  switch (event.type) {
    case 'post.publishSucceeded': {
      const postId = entityIdOf(event.subject);
      const accountId = data.string('accountId');
      const platformPostId = data.string('platformPostId');
      const publishedAt = data.string('publishedAt');
      const id = scheduleId(postId, accountId, platformPostId);
      const first =
        Date.parse(publishedAt) +
        METRICS_CADENCE.earlyIntervalMs +
        staggerMs(id, METRICS_CADENCE.earlyIntervalMs);
      await collection.upsert(
        { _id: id },
        {
          $set: {
            postId,
            accountId,
            platformPostId,
            platform: data.string('platform'),
            organizationId: event.tenantid ?? null,
            publishedAt,
          },
          $setOnInsert: {
            nextDueAt: new Date(first).toISOString(),
            done: false,
            measurements: 0,
            lastMeasuredAt: null,
            failures: 0,
            lastError: null,
          },
        },
        { atPosition },
      );
      return;
    }
    case 'post.deleted':
      await collection.updateMany(
        { postId: entityIdOf(event.subject), done: false },
        { $set: { done: true, nextDueAt: null, lastError: 'the post was deleted' } },
        { atPosition },
      );
      return;
    case 'socialAccount.disconnected':
      await collection.updateMany(
        { accountId: entityIdOf(event.subject), done: false },
        { $set: { done: true, nextDueAt: null, lastError: 'the account was disconnected' } },
        { atPosition },
      );
      return;
  }
}
