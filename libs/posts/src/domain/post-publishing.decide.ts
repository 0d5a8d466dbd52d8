import { HeraldError } from '@herald/shared-kernel';
import type {
  RecordPostMetrics,
  RecordPublishFailure,
  RecordPublishSuccess,
  StartPublishAttempt,
} from './post.commands';
import type { PostEvent } from './post.events';
import { requireExisting, requireInstant, requireSystemActor } from './post.guards';
import { isTargeted, type PostState, type TargetedPostState, type TargetProgress } from './post.state';
import { PUBLISH_ERROR_CLASSES, type PublishErrorClass } from './post.types';
import { nextOccurrenceAfter } from './recurrence/recurrence';

const V1 = 1;

/** Waits before retries 1, 2 and 3; the fourth failure is final (MISSION: 1 min, 5 min, 15 min). */
export const RETRY_DELAYS_MS: readonly number[] = [60_000, 300_000, 900_000];
/** Failures no retry can fix: the platform refused the content, or a person must sign in again. */
const FINAL_ERROR_CLASSES: readonly PublishErrorClass[] = ['rejected', 'needs_reconnect'];

function requireTargetedPost(state: PostState, action: string): TargetedPostState {
  const existing = requireExisting(state);
  if (!isTargeted(existing)) {
    throw new HeraldError(
      'POST.INVALID_TRANSITION',
      `Cannot ${action}: the post is not scheduled for publication.`,
      { status: existing.status },
    );
  }
  return existing;
}

function requireTarget(state: TargetedPostState, accountId: string): TargetProgress {
  const target = state.targets.find((t) => t.accountId === accountId);
  if (target === undefined) {
    throw new HeraldError('POST.TARGET_NOT_FOUND', `The account ${accountId} is not a target of this post.`, {
      accountId,
    });
  }
  return target;
}

function alreadyPublished(accountId: string, occurrence: number): never {
  throw new HeraldError(
    'POST.ALREADY_PUBLISHED',
    `This post was already published to ${accountId} (occurrence ${occurrence}); it is never published twice.`,
    {
      accountId,
      occurrence,
    },
  );
}

export function decideStartAttempt(command: StartPublishAttempt, state: PostState): PostEvent[] {
  requireSystemActor(command.context, 'start publish attempts');
  const post = requireTargetedPost(state, 'start a publish attempt');
  const target = requireTarget(post, command.accountId);
  const { occurrence } = post.schedule;
  if (command.occurrence < occurrence) {
    if (
      post.post.publications.some(
        (p) => p.accountId === command.accountId && p.occurrence === command.occurrence,
      )
    ) {
      alreadyPublished(command.accountId, command.occurrence);
    }
    throw new HeraldError(
      'POST.ATTEMPT_MISMATCH',
      `Occurrence ${command.occurrence} is over; the post is now at occurrence ${occurrence}.`,
      {
        occurrence,
      },
    );
  }
  if (command.occurrence > occurrence) {
    throw new HeraldError(
      'POST.NOT_DUE',
      `Occurrence ${command.occurrence} is not due; the post is at occurrence ${occurrence}.`,
      { occurrence },
    );
  }
  switch (target.status) {
    case 'published':
      return alreadyPublished(command.accountId, occurrence);
    case 'failed':
      throw new HeraldError(
        'POST.TARGET_FAILED',
        `Publishing to ${command.accountId} failed for good (${target.lastError?.message ?? 'unknown error'}); publish the post again to retry.`,
        {
          accountId: command.accountId,
        },
      );
    case 'publishing':
      // A publisher retrying its own start (crash after append) changes nothing.
      if (target.lastAttemptId === command.attemptId) return [];
      throw new HeraldError(
        'POST.ATTEMPT_IN_PROGRESS',
        `Attempt ${target.lastAttemptId} to ${command.accountId} has no recorded outcome; reconcile it with the platform before another attempt.`,
        { accountId: command.accountId, attemptId: target.lastAttemptId },
      );
    case 'pending':
      break;
  }
  const now = command.context.now;
  const dueAt = target.retryAt ?? post.schedule.at;
  if (now.getTime() < new Date(dueAt).getTime()) {
    throw new HeraldError('POST.NOT_DUE', `Publishing to ${command.accountId} is not due before ${dueAt}.`, {
      accountId: command.accountId,
      dueAt,
    });
  }
  return [
    {
      type: 'post.publishAttemptStarted',
      schemaVersion: V1,
      data: {
        accountId: target.accountId,
        platform: target.platform,
        occurrence,
        attemptId: command.attemptId,
        attemptNumber: target.attempts + 1,
        startedAt: now.toISOString(),
      },
    },
  ];
}

function requireInFlight(target: TargetProgress, attemptId: string): void {
  if (target.status !== 'publishing' || target.lastAttemptId !== attemptId) {
    throw new HeraldError(
      'POST.ATTEMPT_MISMATCH',
      `Attempt ${attemptId} is not the attempt in flight for ${target.accountId}.`,
      {
        accountId: target.accountId,
        attemptId,
        inFlight: target.status === 'publishing' ? target.lastAttemptId : null,
      },
    );
  }
}

/** After a target's final outcome: the next occurrence of a series, or the end of publishing. */
function afterOutcome(post: TargetedPostState, settled: TargetProgress, now: Date): PostEvent[] {
  const targets = post.targets.map((t) => (t.accountId === settled.accountId ? settled : t));
  if (targets.some((t) => t.status === 'pending' || t.status === 'publishing')) return [];
  const { schedule } = post;
  const after = new Date(Math.max(now.getTime(), new Date(schedule.at).getTime()));
  const next =
    schedule.recurrence === null
      ? null
      : nextOccurrenceAfter(schedule.recurrence, new Date(schedule.seriesStart), schedule.timeZone, after);
  if (next !== null) {
    return [
      {
        type: 'post.nextOccurrenceScheduled',
        schemaVersion: V1,
        data: { occurrence: schedule.occurrence + 1, seriesIndex: next.index, at: next.at.toISOString() },
      },
    ];
  }
  return [
    {
      type: 'post.publishingCompleted',
      schemaVersion: V1,
      data: {
        occurrence: schedule.occurrence,
        published: targets.filter((t) => t.status === 'published').map((t) => t.accountId),
        failed: targets.filter((t) => t.status === 'failed').map((t) => t.accountId),
        completedAt: now.toISOString(),
      },
    },
  ];
}

export function decideSuccess(command: RecordPublishSuccess, state: PostState): PostEvent[] {
  requireSystemActor(command.context, 'record publications');
  const post = requireTargetedPost(state, 'record a publication');
  const target = requireTarget(post, command.accountId);
  if (target.status === 'published') {
    if (target.lastAttemptId === command.attemptId) return [];
    alreadyPublished(command.accountId, post.schedule.occurrence);
  }
  requireInFlight(target, command.attemptId);
  if (typeof command.platformPostId !== 'string' || command.platformPostId === '') {
    throw new HeraldError('VALIDATION.FAILED', "A publication needs the platform's post id.", {
      field: 'platformPostId',
    });
  }
  const now = command.context.now;
  const facts = {
    accountId: target.accountId,
    platform: target.platform,
    occurrence: post.schedule.occurrence,
    attemptId: command.attemptId,
    attemptNumber: target.attempts,
  };
  return [
    {
      type: 'post.publishSucceeded',
      schemaVersion: V1,
      data: {
        ...facts,
        platformPostId: command.platformPostId,
        url: command.url,
        publishedAt: now.toISOString(),
      },
    },
    ...afterOutcome(post, { ...target, status: 'published' }, now),
  ];
}

export function decideFailure(command: RecordPublishFailure, state: PostState): PostEvent[] {
  requireSystemActor(command.context, 'record publish failures');
  const post = requireTargetedPost(state, 'record a publish failure');
  const target = requireTarget(post, command.accountId);
  // The same failure reported twice (publisher retry) is already recorded.
  if (target.status !== 'publishing' && target.lastAttemptId === command.attemptId) return [];
  requireInFlight(target, command.attemptId);
  if (!PUBLISH_ERROR_CLASSES.includes(command.errorClass)) {
    throw new HeraldError('VALIDATION.FAILED', `Unknown error class "${String(command.errorClass)}".`, {
      field: 'errorClass',
    });
  }
  const now = command.context.now;
  const failures = target.failuresSinceRequest + 1;
  const final = FINAL_ERROR_CLASSES.includes(command.errorClass) || failures > RETRY_DELAYS_MS.length;
  let retryAt: string | null = null;
  if (!final) {
    const backoff = now.getTime() + RETRY_DELAYS_MS[failures - 1];
    const hinted =
      command.retryAfter === null ? 0 : requireInstant(command.retryAfter, 'retryAfter').getTime();
    retryAt = new Date(Math.max(backoff, hinted)).toISOString();
  }
  const facts = {
    accountId: target.accountId,
    platform: target.platform,
    occurrence: post.schedule.occurrence,
    attemptId: command.attemptId,
    attemptNumber: target.attempts,
  };
  const failed: PostEvent = {
    type: 'post.publishAttemptFailed',
    schemaVersion: V1,
    data: {
      ...facts,
      errorClass: command.errorClass,
      message: command.message,
      retryAt,
      failedAt: now.toISOString(),
    },
  };
  if (!final) return [failed];
  const reason = FINAL_ERROR_CLASSES.includes(command.errorClass)
    ? command.message
    : `${command.message} (gave up after ${failures} attempts)`;
  return [
    failed,
    {
      type: 'post.publishFailedFinally',
      schemaVersion: V1,
      data: { ...facts, errorClass: command.errorClass, reason, failedAt: now.toISOString() },
    },
    ...afterOutcome(post, { ...target, status: 'failed' }, now),
  ];
}

const METRIC_NAMES = ['impressions', 'reach', 'likes', 'comments', 'shares', 'saves', 'clicks'] as const;

export function decideMetrics(command: RecordPostMetrics, state: PostState): PostEvent[] {
  requireSystemActor(command.context, 'record metrics');
  const existing = requireExisting(state);
  const publication = existing.post.publications.find(
    (p) => p.accountId === command.accountId && p.platformPostId === command.platformPostId,
  );
  if (publication === undefined) {
    throw new HeraldError(
      'POST.TARGET_NOT_FOUND',
      `This post has no publication ${command.platformPostId} on ${command.accountId}.`,
      {
        accountId: command.accountId,
        platformPostId: command.platformPostId,
      },
    );
  }
  for (const name of METRIC_NAMES) {
    const value = command.metrics[name];
    if (!Number.isInteger(value) || value < 0) {
      throw new HeraldError(
        'VALIDATION.FAILED',
        `metrics.${name} must be a whole number of at least 0; got ${String(value)}.`,
        { field: `metrics.${name}` },
      );
    }
  }
  const measuredAt = requireInstant(command.measuredAt, 'measuredAt').toISOString();
  const metrics = Object.fromEntries(METRIC_NAMES.map((name) => [name, command.metrics[name]])) as Record<
    (typeof METRIC_NAMES)[number],
    number
  >;
  return [
    {
      type: 'post.metricsRecorded',
      schemaVersion: V1,
      data: { accountId: command.accountId, platformPostId: command.platformPostId, metrics, measuredAt },
    },
  ];
}
