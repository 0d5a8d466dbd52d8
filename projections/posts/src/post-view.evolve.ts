import type { SocialPlatform } from '@herald/accounts';
import type { PlatformVariants, PostContent, PostEvent, PostStatus, PostTarget, PublishErrorClass, Recurrence, TargetStatus } from '@herald/posts';
import type { Recorded } from '@herald/projections/support';
import { searchTerms } from './search-terms';

/** What lists and tabs show; `lifecycle` keeps the aggregate's own state for the transitions. */
export const POST_VIEW_STATUSES = [
  'draft',
  'awaiting_approval',
  'approved',
  'scheduled',
  'publishing',
  'published',
  'partially_published',
  'failed',
  'deleted',
] as const;
export type PostViewStatus = (typeof POST_VIEW_STATUSES)[number];

export interface PostTargetView {
  accountId: string;
  platform: SocialPlatform;
  status: TargetStatus;
  attempts: number;
  retryAt: string | null;
  lastError: { errorClass: PublishErrorClass; message: string } | null;
  platformPostId: string | null;
  url: string | null;
  publishedAt: string | null;
}

export interface PublicationView {
  accountId: string;
  platform: SocialPlatform;
  occurrence: number;
  platformPostId: string;
  url: string | null;
  publishedAt: string;
}

export interface PostScheduleView {
  at: string;
  timeZone: string;
  recurrence: Recurrence | null;
  occurrence: number;
}

export interface PostViewDocument {
  _id: string;
  organizationId: string;
  authorId: string;
  status: PostViewStatus;
  lifecycle: Exclude<PostStatus, 'none'>;
  content: PostContent;
  variants: PlatformVariants;
  duplicatedFrom: string | null;
  schedule: PostScheduleView | null;
  /** `schedule.at`, top level so lists can sort and page on it. */
  scheduledFor: string | null;
  targets: PostTargetView[];
  accountIds: string[];
  platforms: SocialPlatform[];
  publications: PublicationView[];
  submission: { submittedBy: string; submittedAt: string } | null;
  approval: { approvedBy: string; approvedAt: string; note: string | null } | null;
  lastRejection: { rejectedBy: string; reason: string; rejectedAt: string } | null;
  createdAt: string;
  updatedAt: string;
  lastPublishedAt: string | null;
  deletedAt: string | null;
  /** Search terms (search-terms.ts); never returned by queries. */
  terms: string[];
}

export type PostViewEvent = Exclude<PostEvent, { type: 'post.duplicated' | 'post.metricsRecorded' }>;

const pendingTarget = (target: PostTarget, attempts = 0): PostTargetView => ({
  accountId: target.accountId,
  platform: target.platform,
  status: 'pending',
  attempts,
  retryAt: null,
  lastError: null,
  platformPostId: null,
  url: null,
  publishedAt: null,
});

const termsOf = (content: PostContent, variants: PlatformVariants): string[] =>
  searchTerms([
    content.text,
    content.title,
    ...content.hashtags,
    ...content.mentions,
    ...Object.values(variants).flatMap((variant) => [variant?.text, variant?.title]),
  ]);

function withTargets(view: PostViewDocument, targets: PostTargetView[]): PostViewDocument {
  return {
    ...view,
    targets,
    accountIds: targets.map((target) => target.accountId),
    platforms: [...new Set(targets.map((target) => target.platform))],
  };
}

/** As the aggregate's updateTarget: a completed post stays completed, otherwise any active target means publishing. */
function updateTarget(view: PostViewDocument, accountId: string, change: (target: PostTargetView) => PostTargetView): PostViewDocument {
  const next = withTargets(view, view.targets.map((target) => (target.accountId === accountId ? change(target) : target)));
  if (view.lifecycle === 'completed') return next;
  return { ...next, lifecycle: next.targets.some((target) => target.status !== 'pending') ? 'publishing' : 'scheduled' };
}

function viewStatus(view: PostViewDocument): PostViewStatus {
  switch (view.lifecycle) {
    case 'in_review':
      return 'awaiting_approval';
    case 'completed': {
      const published = view.targets.filter((target) => target.status === 'published').length;
      const failed = view.targets.filter((target) => target.status === 'failed').length;
      // Cancelled mid-series: the targets wait for an occurrence that will not come; earlier ones were published.
      if (published + failed < view.targets.length) return view.publications.length > 0 ? 'published' : 'failed';
      if (failed === 0) return 'published';
      return published === 0 ? 'failed' : 'partially_published';
    }
    default:
      return view.lifecycle;
  }
}

function existing(view: PostViewDocument | null, event: Recorded<PostViewEvent>): PostViewDocument {
  if (view === null) throw new Error(`${event.type} at position ${event.envelope.globalPosition} for a post that was never drafted (${event.envelope.streamId})`);
  return view;
}

/** The read model's fold: the same transitions as the aggregate's evolve, keeping what screens show. */
export function evolvePostView(current: PostViewDocument | null, event: Recorded<PostViewEvent>, postId: string): PostViewDocument {
  const next = transition(current, event, postId);
  const updated = { ...next, updatedAt: event.envelope.occurredAt };
  return { ...updated, status: viewStatus(updated) };
}

function transition(current: PostViewDocument | null, event: Recorded<PostViewEvent>, postId: string): PostViewDocument {
  if (event.type === 'post.drafted') {
    const { data } = event;
    return {
      _id: postId,
      organizationId: data.organizationId,
      authorId: data.authorId,
      status: 'draft',
      lifecycle: 'draft',
      content: data.content,
      variants: data.variants,
      duplicatedFrom: data.duplicatedFrom,
      schedule: null,
      scheduledFor: null,
      targets: [],
      accountIds: [],
      platforms: [],
      publications: [],
      submission: null,
      approval: null,
      lastRejection: null,
      createdAt: data.draftedAt,
      updatedAt: event.envelope.occurredAt,
      lastPublishedAt: null,
      deletedAt: null,
      terms: termsOf(data.content, data.variants),
    };
  }
  const view = existing(current, event);
  switch (event.type) {
    case 'post.edited': {
      const edited = { ...view, content: event.data.content, variants: event.data.variants, terms: termsOf(event.data.content, event.data.variants) };
      return view.lifecycle === 'scheduled' ? edited : { ...edited, lifecycle: 'draft', approval: null };
    }
    case 'post.submittedForApproval':
      return { ...view, lifecycle: 'in_review', submission: { submittedBy: event.data.submittedBy, submittedAt: event.data.submittedAt } };
    case 'post.approved':
      return { ...view, lifecycle: 'approved', approval: { approvedBy: event.data.approvedBy, approvedAt: event.data.approvedAt, note: event.data.note } };
    case 'post.rejected':
      return {
        ...view,
        lifecycle: 'draft',
        approval: null,
        lastRejection: { rejectedBy: event.data.rejectedBy, reason: event.data.reason, rejectedAt: event.data.rejectedAt },
      };
    case 'post.scheduled': {
      const { at, timeZone, recurrence, occurrence, targets } = event.data;
      return { ...withTargets(view, targets.map((target) => pendingTarget(target))), lifecycle: 'scheduled', schedule: { at, timeZone, recurrence, occurrence }, scheduledFor: at };
    }
    case 'post.rescheduled': {
      const { at, timeZone, recurrence } = event.data;
      const schedule = view.schedule === null ? { at, timeZone, recurrence, occurrence: 0 } : { ...view.schedule, at, timeZone, recurrence };
      return { ...view, schedule, scheduledFor: at };
    }
    case 'post.scheduleCancelled':
      if (view.publications.length > 0) return { ...view, lifecycle: 'completed' };
      return { ...withTargets(view, []), lifecycle: view.approval === null ? 'draft' : 'approved', schedule: null, scheduledFor: null };
    case 'post.publishRequested': {
      const { requestedAt: at, occurrence, targets } = event.data;
      if (view.lifecycle === 'scheduled' || view.lifecycle === 'publishing' || view.lifecycle === 'completed') {
        const requested = new Set(targets.map((target) => target.accountId));
        const reset = view.targets.map((target) => (requested.has(target.accountId) ? pendingTarget(target, target.attempts) : target));
        const schedule = view.schedule === null ? { at, timeZone: 'UTC', recurrence: null, occurrence } : { ...view.schedule, at };
        return { ...withTargets(view, reset), lifecycle: reset.some((target) => target.status !== 'pending') ? 'publishing' : 'scheduled', schedule, scheduledFor: at };
      }
      return {
        ...withTargets(view, targets.map((target) => pendingTarget(target))),
        lifecycle: 'scheduled',
        schedule: { at, timeZone: 'UTC', recurrence: null, occurrence },
        scheduledFor: at,
      };
    }
    case 'post.deleted':
      return { ...view, lifecycle: 'deleted', deletedAt: event.data.deletedAt };
    case 'post.publishAttemptStarted':
      return updateTarget(view, event.data.accountId, (target) => ({ ...target, status: 'publishing', attempts: event.data.attemptNumber }));
    case 'post.publishSucceeded': {
      const { accountId, platform, occurrence, platformPostId, url, publishedAt } = event.data;
      const next = updateTarget(view, accountId, (target) => ({ ...target, status: 'published', retryAt: null, platformPostId, url, publishedAt }));
      return { ...next, publications: [...next.publications, { accountId, platform, occurrence, platformPostId, url, publishedAt }], lastPublishedAt: publishedAt };
    }
    case 'post.publishAttemptFailed':
      return updateTarget(view, event.data.accountId, (target) => ({
        ...target,
        status: 'pending',
        retryAt: event.data.retryAt,
        lastError: { errorClass: event.data.errorClass, message: event.data.message },
      }));
    case 'post.publishFailedFinally':
      return updateTarget(view, event.data.accountId, (target) => ({
        ...target,
        status: 'failed',
        retryAt: null,
        lastError: { errorClass: event.data.errorClass, message: event.data.reason },
      }));
    case 'post.nextOccurrenceScheduled': {
      const schedule = view.schedule === null ? null : { ...view.schedule, at: event.data.at, occurrence: event.data.occurrence };
      return { ...withTargets(view, view.targets.map((target) => pendingTarget(target))), lifecycle: 'scheduled', schedule, scheduledFor: event.data.at };
    }
    case 'post.publishingCompleted':
      return { ...view, lifecycle: 'completed' };
  }
}
