import { defineProjection } from '@herald/projections-runtime';
import { domainEventOf, streamEntityId, typesOf, type EventVersions } from '@herald/projections/support';
import { evolvePostView, type PostViewDocument, type PostViewEvent } from './post-view.evolve';

export const POSTS_PROJECTION = 'posts';
export const POSTS_COLLECTIONS = { posts: 'posts' } as const;

export const POST_VIEW_VERSIONS: EventVersions<PostViewEvent> = {
  'post.drafted': 1,
  'post.edited': 1,
  'post.submittedForApproval': 1,
  'post.approved': 1,
  'post.rejected': 1,
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

/**
 * One document per post: status for the lists (drafts, awaiting approval, scheduled, published,
 * failed), per-target progress with the platform's post id, URL and last error, and search terms.
 * Each event reads the post's document and replaces it: the whole document is derived from its
 * own previous state, which the position guard keeps correct on replays.
 */
export const postsProjection = defineProjection({
  name: POSTS_PROJECTION,
  version: 1,
  categories: ['post'],
  eventTypes: typesOf(POST_VIEW_VERSIONS),
  collections: Object.values(POSTS_COLLECTIONS),
  async setup(indexes) {
    await indexes.createIndex(POSTS_COLLECTIONS.posts, { fields: { organizationId: 1, status: 1, updatedAt: -1 } });
    await indexes.createIndex(POSTS_COLLECTIONS.posts, { fields: { organizationId: 1, updatedAt: -1 } });
    await indexes.createIndex(POSTS_COLLECTIONS.posts, { fields: { organizationId: 1, scheduledFor: 1 } });
    await indexes.createIndex(POSTS_COLLECTIONS.posts, { fields: { organizationId: 1, terms: 1 } });
  },
  async handle(event, context) {
    const post = domainEventOf<PostViewEvent>(event, POST_VIEW_VERSIONS);
    if (post === null) return;
    const postId = streamEntityId(event.streamId);
    const current = post.type === 'post.drafted' ? null : await context.get<PostViewDocument>(POSTS_COLLECTIONS.posts, postId);
    context.replace<PostViewDocument>(POSTS_COLLECTIONS.posts, postId, evolvePostView(current, post, postId));
  },
});
