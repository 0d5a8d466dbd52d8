import { assertNever } from '@herald/shared-kernel';
import type { PostEvent } from './post.events';
import {
  isTargeted,
  pendingTarget,
  type PostCore,
  type PostState,
  type TargetedPostState,
  type TargetProgress,
} from './post.state';

function core(state: PostState): PostCore {
  if (state.status === 'none') throw new Error('post event applied before post.drafted');
  return state.post;
}

function targeted(state: PostState): TargetedPostState {
  if (!isTargeted(state)) throw new Error(`publishing event applied to a ${state.status} post`);
  return state;
}

function updateTarget(
  state: TargetedPostState,
  accountId: string,
  change: (target: TargetProgress) => TargetProgress,
): TargetedPostState {
  const targets = state.targets.map((target) => (target.accountId === accountId ? change(target) : target));
  const active = targets.some((t) => t.status !== 'pending');
  const status = state.status === 'completed' ? 'completed' : active ? 'publishing' : 'scheduled';
  return { ...state, status, targets };
}

/** Without a schedule a post is a draft, or approved while its approval stands. */
const unscheduled = (post: PostCore): PostState =>
  post.approval !== null ? { status: 'approved', post } : { status: 'draft', post };

export function evolvePost(state: PostState, event: PostEvent): PostState {
  switch (event.type) {
    case 'post.drafted':
      return {
        status: 'draft',
        post: {
          postId: event.data.postId,
          organizationId: event.data.organizationId,
          authorId: event.data.authorId,
          content: event.data.content,
          variants: event.data.variants,
          duplicatedFrom: event.data.duplicatedFrom,
          approval: null,
          lastRejection: null,
          publications: [],
        },
      };
    case 'post.edited': {
      const post = { ...core(state), content: event.data.content, variants: event.data.variants };
      if (state.status === 'scheduled') return { ...state, post };
      return { status: 'draft', post: { ...post, approval: null } };
    }
    case 'post.submittedForApproval':
      return {
        status: 'in_review',
        post: core(state),
        submittedBy: event.data.submittedBy,
        submittedAt: event.data.submittedAt,
      };
    case 'post.approved':
      return {
        status: 'approved',
        post: {
          ...core(state),
          approval: { approvedBy: event.data.approvedBy, approvedAt: event.data.approvedAt },
        },
      };
    case 'post.rejected':
      return {
        status: 'draft',
        post: {
          ...core(state),
          approval: null,
          lastRejection: {
            rejectedBy: event.data.rejectedBy,
            reason: event.data.reason,
            rejectedAt: event.data.rejectedAt,
          },
        },
      };
    case 'post.scheduled':
      return {
        status: 'scheduled',
        post: core(state),
        schedule: {
          at: event.data.at,
          timeZone: event.data.timeZone,
          recurrence: event.data.recurrence,
          seriesStart: event.data.at,
          seriesIndex: 0,
          occurrence: event.data.occurrence,
        },
        targets: event.data.targets.map(pendingTarget),
      };
    case 'post.rescheduled': {
      const current = targeted(state);
      return {
        ...current,
        schedule: {
          ...current.schedule,
          at: event.data.at,
          timeZone: event.data.timeZone,
          recurrence: event.data.recurrence,
          seriesStart: event.data.at,
          seriesIndex: 0,
        },
      };
    }
    case 'post.scheduleCancelled': {
      const current = targeted(state);
      return current.post.publications.length > 0
        ? { ...current, status: 'completed' }
        : unscheduled(current.post);
    }
    case 'post.publishRequested': {
      const requested = new Set(event.data.targets.map((t) => t.accountId));
      if (isTargeted(state)) {
        const targets = state.targets.map((t) =>
          requested.has(t.accountId) ? { ...pendingTarget(t), attempts: t.attempts } : t,
        );
        const status = targets.some((t) => t.status !== 'pending') ? 'publishing' : 'scheduled';
        return { ...state, status, schedule: { ...state.schedule, at: event.data.requestedAt }, targets };
      }
      return {
        status: 'scheduled',
        post: core(state),
        schedule: {
          at: event.data.requestedAt,
          timeZone: 'UTC',
          recurrence: null,
          seriesStart: event.data.requestedAt,
          seriesIndex: 0,
          occurrence: event.data.occurrence,
        },
        targets: event.data.targets.map(pendingTarget),
      };
    }
    case 'post.duplicated':
      return state;
    case 'post.deleted':
      return { status: 'deleted', post: core(state), deletedAt: event.data.deletedAt };
    case 'post.publishAttemptStarted':
      return updateTarget(targeted(state), event.data.accountId, (t) => ({
        ...t,
        status: 'publishing',
        attempts: event.data.attemptNumber,
        lastAttemptId: event.data.attemptId,
      }));
    case 'post.publishSucceeded': {
      const current = targeted(state);
      const publication = {
        accountId: event.data.accountId,
        platform: event.data.platform,
        occurrence: event.data.occurrence,
        platformPostId: event.data.platformPostId,
        url: event.data.url,
        publishedAt: event.data.publishedAt,
        metrics: null,
      };
      const next = updateTarget(current, event.data.accountId, (t) => ({
        ...t,
        status: 'published',
        retryAt: null,
      }));
      return { ...next, post: { ...next.post, publications: [...next.post.publications, publication] } };
    }
    case 'post.publishAttemptFailed':
      return updateTarget(targeted(state), event.data.accountId, (t) => ({
        ...t,
        status: 'pending',
        failuresSinceRequest: t.failuresSinceRequest + 1,
        retryAt: event.data.retryAt,
        lastError: { errorClass: event.data.errorClass, message: event.data.message },
      }));
    case 'post.publishFailedFinally':
      return updateTarget(targeted(state), event.data.accountId, (t) => ({
        ...t,
        status: 'failed',
        retryAt: null,
      }));
    case 'post.nextOccurrenceScheduled': {
      const current = targeted(state);
      return {
        status: 'scheduled',
        post: current.post,
        schedule: {
          ...current.schedule,
          at: event.data.at,
          seriesIndex: event.data.seriesIndex,
          occurrence: event.data.occurrence,
        },
        targets: current.targets.map(pendingTarget),
      };
    }
    case 'post.publishingCompleted':
      return { ...targeted(state), status: 'completed' };
    case 'post.metricsRecorded': {
      const post = core(state);
      const publications = post.publications.map((p) =>
        p.accountId === event.data.accountId && p.platformPostId === event.data.platformPostId
          ? { ...p, metrics: { ...event.data.metrics, measuredAt: event.data.measuredAt } }
          : p,
      );
      return { ...state, post: { ...post, publications } } as PostState;
    }
    default:
      return assertNever(event, 'post event');
  }
}
