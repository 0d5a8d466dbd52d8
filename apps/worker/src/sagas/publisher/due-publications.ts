import type { SocialPlatform } from '@herald/accounts';
import type { RecordedEvent } from '@herald/event-store';
import { isTargeted, postDecider, type PostEvent, type PostState } from '@herald/posts';

/** The event that made an entry due: the attempt's causation, and the correlation it continues. */
export type DueCause = { eventId: string; correlationId: string };

/**
 * One thing the publisher must do for one target of the current occurrence:
 * - `publish`: the target is pending; start an attempt at `dueAt` (the schedule, or the retry time);
 * - `reconcile`: an attempt started at `startedAt` has no recorded outcome; at `dueAt` ask the
 *   platform whether it published before anything else happens to this target.
 */
export type DueEntry = {
  kind: 'publish' | 'reconcile';
  accountId: string;
  platform: SocialPlatform;
  occurrence: number;
  dueAt: string;
  attemptId: string | null;
  startedAt: string | null;
  cause: DueCause;
};

/** What the durable timer of one post holds (JSON: it lives in the read store). */
export type PostTimerPayload = {
  postId: string;
  tenantId: string | null;
  entries: DueEntry[];
};

export interface PostSnapshot {
  readonly state: PostState;
  readonly revision: number;
  readonly tenantId: string | null;
}

/** Folds a post's stream as the command side does; the stream holds only post events. */
export function foldPost(recorded: readonly RecordedEvent[]): PostSnapshot {
  const state = recorded
    .map((event) => ({ type: event.type, schemaVersion: event.schemaVersion, data: event.data }) as PostEvent)
    .reduce(postDecider.evolve, postDecider.initialState);
  return {
    state,
    revision: recorded.length === 0 ? -1 : recorded[recorded.length - 1].revision,
    tenantId: recorded.length === 0 ? null : recorded[0].metadata.tenantId,
  };
}

/** Events after which a target of the current occurrence becomes due again. */
const SCHEDULING_EVENTS = new Set([
  'post.scheduled',
  'post.rescheduled',
  'post.publishRequested',
  'post.nextOccurrenceScheduled',
]);

const causeOf = (event: RecordedEvent): DueCause => ({
  eventId: event.id,
  correlationId: event.metadata.correlationId,
});

/**
 * Derives a post's due entries from its whole stream, so the timer always agrees with the
 * decider's state (a retry time, a reschedule, a cancellation) instead of re-implementing its
 * rules: pending targets are due at their retry time or the schedule; attempts without an
 * outcome are due for reconciliation `reconcileAfterMs` after they started.
 */
export function dueEntries(
  postId: string,
  recorded: readonly RecordedEvent[],
  reconcileAfterMs: number,
): PostTimerPayload {
  const { state, tenantId } = foldPost(recorded);
  const payload: PostTimerPayload = { postId, tenantId, entries: [] };
  if (!isTargeted(state) || state.status === 'completed') return payload;

  let scheduling: DueCause | null = null;
  const byAccount = new Map<string, DueCause>();
  const started = new Map<string, { attemptId: string; startedAt: string; cause: DueCause }>();
  for (const event of recorded) {
    if (SCHEDULING_EVENTS.has(event.type)) {
      scheduling = causeOf(event);
      byAccount.clear();
    } else if (event.type === 'post.publishAttemptFailed') {
      byAccount.set((event.data as { accountId: string }).accountId, causeOf(event));
    } else if (event.type === 'post.publishAttemptStarted') {
      const data = event.data as { accountId: string; attemptId: string; startedAt: string };
      started.set(data.accountId, {
        attemptId: data.attemptId,
        startedAt: data.startedAt,
        cause: causeOf(event),
      });
    }
  }
  const fallback = causeOf(recorded[recorded.length - 1]);
  const { occurrence } = state.schedule;
  for (const target of state.targets) {
    if (target.status === 'pending') {
      payload.entries.push({
        kind: 'publish',
        accountId: target.accountId,
        platform: target.platform,
        occurrence,
        dueAt: new Date(target.retryAt ?? state.schedule.at).toISOString(),
        attemptId: null,
        startedAt: null,
        cause: byAccount.get(target.accountId) ?? scheduling ?? fallback,
      });
    } else if (target.status === 'publishing') {
      const attempt = started.get(target.accountId);
      const startedAt = attempt?.startedAt ?? state.schedule.at;
      payload.entries.push({
        kind: 'reconcile',
        accountId: target.accountId,
        platform: target.platform,
        occurrence,
        dueAt: new Date(new Date(startedAt).getTime() + reconcileAfterMs).toISOString(),
        attemptId: target.lastAttemptId,
        startedAt,
        cause: attempt?.cause ?? fallback,
      });
    }
  }
  return payload;
}

export function earliestDue(payload: PostTimerPayload): Date | null {
  if (payload.entries.length === 0) return null;
  return new Date(Math.min(...payload.entries.map((entry) => new Date(entry.dueAt).getTime())));
}

export const postIdOfStream = (streamId: string): string | null =>
  streamId.startsWith('post-') ? streamId.slice('post-'.length) : null;

/** The lease that makes one replica the only owner of a due target. */
export const publishLeaseResource = (postId: string, accountId: string, occurrence: number): string =>
  `publish:${postId}:${accountId}:${occurrence}`;
