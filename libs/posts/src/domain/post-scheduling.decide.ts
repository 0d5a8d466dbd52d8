import { HeraldError } from '@herald/shared-kernel';
import type { CancelPostSchedule, PublishPostNow, ReschedulePost, SchedulePost } from './post.commands';
import type { PostEvent } from './post.events';
import {
  checkDailyCaps,
  CONTENT_ROLES,
  invalidTransition,
  requireExisting,
  requireFuture,
  requireInstant,
  requireRole,
  requireSameTargets,
  requireTimeZone,
  toTarget,
  validateContentForTargets,
  validateTargetFacts,
} from './post.guards';
import type { PostState } from './post.state';
import { validateRecurrence } from './recurrence/recurrence';

const V1 = 1;

function requireApprovalIfNeeded(state: PostState, approvalRequired: boolean, action: string): void {
  if (state.status === 'in_review') {
    throw new HeraldError(
      'POST.APPROVAL_REQUIRED',
      `The post is waiting for approval; an admin or manager must approve it before you ${action}.`,
      {},
    );
  }
  if (approvalRequired && state.status !== 'approved') {
    throw new HeraldError(
      'POST.APPROVAL_REQUIRED',
      `Your organization requires approval: submit the post and have an admin or manager approve it before you ${action}.`,
      { status: state.status },
    );
  }
}

export function decideSchedule(command: SchedulePost, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'schedule posts');
  const existing = requireExisting(state);
  if (existing.status === 'completed') {
    throw new HeraldError(
      'POST.ALREADY_PUBLISHED',
      'This post was already published; duplicate it to publish it again.',
      {},
    );
  }
  if (existing.status !== 'draft' && existing.status !== 'approved' && existing.status !== 'in_review') {
    invalidTransition(existing, 'schedule it (reschedule it instead)');
  }
  requireApprovalIfNeeded(existing, command.approvalRequired, 'schedule it');
  const at = requireInstant(command.at, 'at');
  requireFuture(at, command.context.now);
  requireTimeZone(command.timeZone);
  if (command.recurrence !== null) validateRecurrence(command.recurrence, at);
  validateTargetFacts(command.targets);
  validateContentForTargets(existing.post.content, existing.post.variants, command.targets);
  checkDailyCaps(command.targets, at);
  const { limit, scheduledPosts } = command.planLimit;
  if (scheduledPosts >= limit) {
    throw new HeraldError(
      'POST.PLAN_LIMIT_REACHED',
      `Your plan allows ${limit} scheduled posts and ${scheduledPosts} are scheduled; wait for some to publish, cancel some, or upgrade the plan.`,
      { limit, actual: scheduledPosts },
    );
  }
  return [
    {
      type: 'post.scheduled',
      schemaVersion: V1,
      data: {
        at: at.toISOString(),
        timeZone: command.timeZone,
        recurrence: command.recurrence,
        targets: command.targets.map(toTarget),
        occurrence: 0,
        scheduledBy: command.context.actor.id,
        scheduledAt: command.context.now.toISOString(),
      },
    },
  ];
}

export function decideReschedule(command: ReschedulePost, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'reschedule posts');
  const existing = requireExisting(state);
  if (existing.status === 'publishing') {
    throw new HeraldError(
      'POST.PUBLISH_IN_PROGRESS',
      'Publishing has started for this occurrence; it can no longer be moved.',
      {},
    );
  }
  if (existing.status !== 'scheduled') invalidTransition(existing, 'reschedule it');
  const at = requireInstant(command.at, 'at');
  requireFuture(at, command.context.now);
  requireTimeZone(command.timeZone);
  requireSameTargets(existing.targets, command.targets);
  validateTargetFacts(command.targets);
  checkDailyCaps(command.targets, at);
  const { schedule } = existing;
  // The series restarts at the new instant; a COUNT keeps only the occurrences not yet due.
  const recurrence =
    schedule.recurrence === null || schedule.recurrence.count === null
      ? schedule.recurrence
      : { ...schedule.recurrence, count: schedule.recurrence.count - schedule.seriesIndex };
  if (recurrence !== null) validateRecurrence(recurrence, at);
  return [
    {
      type: 'post.rescheduled',
      schemaVersion: V1,
      data: {
        previousAt: schedule.at,
        at: at.toISOString(),
        timeZone: command.timeZone,
        recurrence,
        rescheduledBy: command.context.actor.id,
        rescheduledAt: command.context.now.toISOString(),
      },
    },
  ];
}

export function decideCancel(command: CancelPostSchedule, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'cancel scheduled posts');
  const existing = requireExisting(state);
  if (existing.status === 'publishing') {
    throw new HeraldError(
      'POST.PUBLISH_IN_PROGRESS',
      'Publishing has started for this occurrence; wait for the outcome, then cancel the rest.',
      {},
    );
  }
  if (existing.status !== 'scheduled') invalidTransition(existing, 'cancel its schedule');
  return [
    {
      type: 'post.scheduleCancelled',
      schemaVersion: V1,
      data: {
        reason: command.reason,
        cancelledBy: command.context.actor.id,
        cancelledAt: command.context.now.toISOString(),
      },
    },
  ];
}

export function decidePublishNow(command: PublishPostNow, state: PostState): PostEvent[] {
  requireRole(command.role, CONTENT_ROLES, 'publish posts');
  const existing = requireExisting(state);
  validateTargetFacts(command.targets);
  const now = command.context.now;
  let occurrence = 0;
  switch (existing.status) {
    case 'draft':
    case 'in_review':
    case 'approved':
      requireApprovalIfNeeded(existing, command.approvalRequired, 'publish it');
      break;
    case 'scheduled':
      requireSameTargets(existing.targets, command.targets);
      occurrence = existing.schedule.occurrence;
      break;
    case 'publishing':
      throw new HeraldError('POST.PUBLISH_IN_PROGRESS', 'The post is being published right now.', {});
    case 'completed': {
      for (const facts of command.targets) {
        const target = existing.targets.find((t) => t.accountId === facts.accountId);
        if (target?.status === 'published') {
          throw new HeraldError(
            'POST.ALREADY_PUBLISHED',
            `The post was already published to ${facts.accountId}; it is never published twice.`,
            {
              accountId: facts.accountId,
            },
          );
        }
        if (target === undefined) {
          throw new HeraldError(
            'POST.TARGET_NOT_FOUND',
            `${facts.accountId} is not a target of this post; duplicate the post to publish elsewhere.`,
            {
              accountId: facts.accountId,
            },
          );
        }
      }
      occurrence = existing.schedule.occurrence;
      break;
    }
  }
  validateContentForTargets(existing.post.content, existing.post.variants, command.targets);
  checkDailyCaps(command.targets, now);
  return [
    {
      type: 'post.publishRequested',
      schemaVersion: V1,
      data: {
        targets: command.targets.map(toTarget),
        occurrence,
        requestedBy: command.context.actor.id,
        requestedAt: now.toISOString(),
      },
    },
  ];
}
