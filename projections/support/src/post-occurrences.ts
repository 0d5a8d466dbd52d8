import type { SocialPlatform } from '@herald/accounts';
import type { RecordedEvent } from '@herald/event-store';
import type { PostContent, PostEvent, PostTarget, Recurrence } from '@herald/posts';
import type { ProjectionContext } from '@herald/projections-runtime';
import type { Filter } from '@herald/read-store';
import { domainEventOf, streamEntityId, type EventVersions, type Recorded } from './domain-event';

/**
 * Every scheduled occurrence of a post, per target account, with its UTC instant: what the
 * calendar shows and what daily caps count. Shared by the calendar and accounts projections,
 * each writing its own copy into its own collections.
 */
export type SlotStatus = 'scheduled' | 'publishing' | 'published' | 'failed';
export const SLOT_STATUSES: readonly SlotStatus[] = ['scheduled', 'publishing', 'published', 'failed'];

export interface OccurrenceSlotDocument {
  /** `<postId>:<occurrence>:<accountId>` */
  _id: string;
  organizationId: string;
  postId: string;
  occurrence: number;
  accountId: string;
  platform: SocialPlatform;
  /** When the target is (or was) due, ISO-8601 UTC. */
  at: string;
  /** The zone the post was scheduled in. */
  timeZone: string;
  status: SlotStatus;
  attempts: number;
  retryAt: string | null;
  lastError: { errorClass: string; message: string } | null;
  platformPostId: string | null;
  url: string | null;
  publishedAt: string | null;
  excerpt: string;
  title: string | null;
  mediaCount: number;
  thumbnailUrl: string | null;
}

export interface SlotSchedule {
  at: string;
  timeZone: string;
  recurrence: Recurrence | null;
  seriesStart: string;
  seriesIndex: number;
  occurrence: number;
  /** false once the series can produce no further occurrence (completed or cancelled). */
  open: boolean;
}

/** What slot writes need to know about their post. */
export interface SlotPostDocument {
  _id: string;
  organizationId: string;
  excerpt: string;
  title: string | null;
  mediaCount: number;
  thumbnailUrl: string | null;
  targets: PostTarget[];
  schedule: SlotSchedule | null;
  publications: number;
  deleted: boolean;
}

export interface SlotCollections {
  readonly posts: string;
  readonly slots: string;
}

type SlotEvent = Exclude<PostEvent, { type: 'post.submittedForApproval' | 'post.approved' | 'post.rejected' | 'post.duplicated' | 'post.metricsRecorded' }>;

export const POST_OCCURRENCE_VERSIONS: EventVersions<SlotEvent> = {
  'post.drafted': 1,
  'post.edited': 1,
  'post.scheduled': 1,
  'post.rescheduled': 1,
  'post.scheduleCancelled': 1,
  'post.publishRequested': 1,
  'post.deleted': 1,
  'post.publishAttemptStarted': 1,
  'post.publishSucceeded': 1,
  'post.publishAttemptFailed': 1,
  'post.publishFailedFinally': 1,
  'post.nextOccurrenceScheduled': 1,
  'post.publishingCompleted': 1,
};

const EXCERPT_LENGTH = 140;

export const slotId = (postId: string, occurrence: number, accountId: string): string => `${postId}:${occurrence}:${accountId}`;

/** Code points, not UTF-16 units: an emoji is never cut in half. */
export function excerptOf(text: string, length = EXCERPT_LENGTH): string {
  const characters = Array.from(text.replace(/\s+/g, ' ').trim());
  return characters.length <= length ? characters.join('') : `${characters.slice(0, length - 1).join('')}…`;
}

function display(content: PostContent): Pick<SlotPostDocument, 'excerpt' | 'title' | 'mediaCount' | 'thumbnailUrl'> {
  const thumbnail = content.media.find((media) => media.type === 'image') ?? content.media[0];
  return { excerpt: excerptOf(content.text), title: content.title, mediaCount: content.media.length, thumbnailUrl: thumbnail?.url ?? null };
}

type SlotIdentity = Omit<OccurrenceSlotDocument, '_id' | 'at' | 'status' | 'attempts' | 'retryAt' | 'lastError'>;

function slotIdentity(post: SlotPostDocument, postId: string, occurrence: number, target: PostTarget, timeZone: string): SlotIdentity {
  return {
    organizationId: post.organizationId,
    postId,
    occurrence,
    accountId: target.accountId,
    platform: target.platform,
    timeZone,
    platformPostId: null,
    url: null,
    publishedAt: null,
    excerpt: post.excerpt,
    title: post.title,
    mediaCount: post.mediaCount,
    thumbnailUrl: post.thumbnailUrl,
  };
}

function newSlot(post: SlotPostDocument, postId: string, occurrence: number, target: PostTarget, at: string, timeZone: string): Omit<OccurrenceSlotDocument, '_id'> {
  return { ...slotIdentity(post, postId, occurrence, target, timeZone), at, status: 'scheduled', attempts: 0, retryAt: null, lastError: null };
}

/** Slots still waiting belong to the current occurrence only: earlier ones ended published or failed. */
const waiting = (postId: string): Filter<OccurrenceSlotDocument> => ({ postId, status: 'scheduled' });

/** Applies the event when it concerns post occurrences; true when it did. */
export async function applyPostOccurrences(event: RecordedEvent, context: ProjectionContext, names: SlotCollections): Promise<boolean> {
  const post = domainEventOf<SlotEvent>(event, POST_OCCURRENCE_VERSIONS);
  if (post === null) return false;
  await apply(post, streamEntityId(event.streamId), context, names);
  return true;
}

async function currentPost(context: ProjectionContext, names: SlotCollections, postId: string, event: RecordedEvent): Promise<SlotPostDocument> {
  const found = await context.get<SlotPostDocument>(names.posts, postId);
  if (found === null) throw new Error(`${event.type} at position ${event.globalPosition} for post ${postId}, which was never drafted`);
  return found;
}

function setSlot(context: ProjectionContext, names: SlotCollections, id: string, fields: Partial<OccurrenceSlotDocument>): void {
  // updateMany on the id: a publishing event for a slot that is gone (deleted post) must not recreate half a document.
  context.updateMany<OccurrenceSlotDocument>(names.slots, { _id: id }, { $set: fields });
}

async function apply(event: Recorded<SlotEvent>, postId: string, context: ProjectionContext, names: SlotCollections): Promise<void> {
  switch (event.type) {
    case 'post.drafted':
      context.replace<SlotPostDocument>(names.posts, postId, {
        organizationId: event.data.organizationId,
        ...display(event.data.content),
        targets: [],
        schedule: null,
        publications: 0,
        deleted: false,
      });
      return;
    case 'post.edited': {
      const shown = display(event.data.content);
      context.upsert<SlotPostDocument>(names.posts, postId, { $set: shown });
      context.updateMany<OccurrenceSlotDocument>(names.slots, waiting(postId), { $set: shown });
      return;
    }
    case 'post.scheduled': {
      const post = await currentPost(context, names, postId, event.envelope);
      const { at, timeZone, recurrence, occurrence, targets } = event.data;
      const schedule: SlotSchedule = { at, timeZone, recurrence, seriesStart: at, seriesIndex: 0, occurrence, open: true };
      context.upsert<SlotPostDocument>(names.posts, postId, { $set: { schedule, targets: [...targets] } });
      for (const target of targets) context.replace(names.slots, slotId(postId, occurrence, target.accountId), newSlot(post, postId, occurrence, target, at, timeZone));
      return;
    }
    case 'post.rescheduled': {
      const post = await currentPost(context, names, postId, event.envelope);
      const { at, timeZone, recurrence } = event.data;
      if (post.schedule !== null) {
        context.upsert<SlotPostDocument>(names.posts, postId, { $set: { schedule: { ...post.schedule, at, timeZone, recurrence, seriesStart: at, seriesIndex: 0 } } });
      }
      context.updateMany<OccurrenceSlotDocument>(names.slots, waiting(postId), { $set: { at, timeZone } });
      return;
    }
    case 'post.scheduleCancelled': {
      const post = await currentPost(context, names, postId, event.envelope);
      // As the aggregate: with publications the post is completed (schedule kept, series closed), else unscheduled.
      const schedule = post.publications > 0 && post.schedule !== null ? { ...post.schedule, open: false } : null;
      context.upsert<SlotPostDocument>(names.posts, postId, { $set: { schedule } });
      context.deleteMany<OccurrenceSlotDocument>(names.slots, waiting(postId));
      return;
    }
    case 'post.publishRequested': {
      const post = await currentPost(context, names, postId, event.envelope);
      const { requestedAt: at, occurrence, targets } = event.data;
      const schedule: SlotSchedule =
        post.schedule === null
          ? { at, timeZone: 'UTC', recurrence: null, seriesStart: at, seriesIndex: 0, occurrence, open: true }
          : { ...post.schedule, at };
      const allTargets = post.schedule === null ? [...targets] : post.targets;
      context.upsert<SlotPostDocument>(names.posts, postId, { $set: { schedule, targets: allTargets } });
      for (const target of targets) {
        // Attempts keep counting on a re-publish of a failed target, as in the aggregate.
        context.upsert<OccurrenceSlotDocument>(names.slots, slotId(postId, occurrence, target.accountId), {
          $set: { at, status: 'scheduled', retryAt: null, lastError: null },
          $setOnInsert: { ...slotIdentity(post, postId, occurrence, target, schedule.timeZone), attempts: 0 },
        });
      }
      return;
    }
    case 'post.deleted':
      context.upsert<SlotPostDocument>(names.posts, postId, { $set: { deleted: true, schedule: null } });
      context.deleteMany<OccurrenceSlotDocument>(names.slots, { postId });
      return;
    case 'post.publishAttemptStarted':
      setSlot(context, names, slotId(postId, event.data.occurrence, event.data.accountId), { status: 'publishing', attempts: event.data.attemptNumber });
      return;
    case 'post.publishSucceeded':
      context.upsert<SlotPostDocument>(names.posts, postId, { $inc: { publications: 1 } });
      setSlot(context, names, slotId(postId, event.data.occurrence, event.data.accountId), {
        status: 'published',
        retryAt: null,
        platformPostId: event.data.platformPostId,
        url: event.data.url,
        publishedAt: event.data.publishedAt,
      });
      return;
    case 'post.publishAttemptFailed':
      setSlot(context, names, slotId(postId, event.data.occurrence, event.data.accountId), {
        status: 'scheduled',
        retryAt: event.data.retryAt,
        lastError: { errorClass: event.data.errorClass, message: event.data.message },
      });
      return;
    case 'post.publishFailedFinally':
      setSlot(context, names, slotId(postId, event.data.occurrence, event.data.accountId), {
        status: 'failed',
        retryAt: null,
        lastError: { errorClass: event.data.errorClass, message: event.data.reason },
      });
      return;
    case 'post.nextOccurrenceScheduled': {
      const post = await currentPost(context, names, postId, event.envelope);
      const { occurrence, seriesIndex, at } = event.data;
      // Only a replay on a store without atomic batches can read the post already unscheduled by a
      // later cancel; that cancel's replay removes these slots again, so any zone will do here.
      const current = post.schedule ?? { at, timeZone: 'UTC', recurrence: null, seriesStart: at, seriesIndex, occurrence, open: false };
      const schedule: SlotSchedule = { ...current, at, occurrence, seriesIndex };
      context.upsert<SlotPostDocument>(names.posts, postId, { $set: { schedule } });
      for (const target of post.targets) context.replace(names.slots, slotId(postId, occurrence, target.accountId), newSlot(post, postId, occurrence, target, at, schedule.timeZone));
      return;
    }
    case 'post.publishingCompleted': {
      const post = await currentPost(context, names, postId, event.envelope);
      if (post.schedule !== null) context.upsert<SlotPostDocument>(names.posts, postId, { $set: { schedule: { ...post.schedule, open: false } } });
      return;
    }
  }
}
