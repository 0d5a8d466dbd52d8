import type { EventStore, RecordedEvent } from '@herald/event-store';
import type { PostContent, PostMetrics } from '@herald/posts';
import type { VectorMemory } from '../vector-memory.port';

const TRIGGERS = new Set(['post.publishSucceeded', 'post.metricsRecorded', 'post.deleted']);

interface PublishedPost {
  organizationId: string | null;
  content: PostContent | null;
  platforms: Set<string>;
  publishedAt: string | null;
  /** Latest cumulative metrics per account: snapshots replace, they do not add up. */
  metrics: Map<string, PostMetrics>;
  deleted: boolean;
}

/**
 * Keeps the `content_history` memory in step with what the organization actually published: on a
 * publication, a metrics snapshot or a deletion it re-reads the post's stream and writes the post
 * (id = post id, so it is replaced, never duplicated) with its hashtags, platforms and measured
 * engagement rate; a deleted post is forgotten. Idempotent, so at-least-once delivery is fine.
 */
export class ContentHistoryFeeder {
  constructor(
    private readonly deps: { readonly store: Pick<EventStore, 'readStream'>; readonly memory: VectorMemory },
  ) {}

  async handle(event: RecordedEvent): Promise<boolean> {
    if (!TRIGGERS.has(event.type) || !event.streamId.startsWith('post-')) return false;
    const postId = event.streamId.slice('post-'.length);
    const post = fold(await this.deps.store.readStream(event.streamId));
    if (post.organizationId === null) return false;
    if (post.deleted) {
      await this.deps.memory.forget(post.organizationId, 'content_history', [postId]);
      return true;
    }
    if (post.publishedAt === null || post.content === null || typeof post.content.text !== 'string')
      return false;
    if (post.content.text.trim() === '') return false;
    const totals = [...post.metrics.values()].reduce(
      (sum, metrics) => ({
        impressions: sum.impressions + metrics.impressions,
        engaged: sum.engaged + metrics.likes + metrics.comments + metrics.shares + metrics.saves,
      }),
      { impressions: 0, engaged: 0 },
    );
    await this.deps.memory.remember(post.organizationId, 'content_history', [
      {
        id: postId,
        text: post.content.text,
        subjectId: null,
        recordedAt: post.publishedAt,
        attributes: {
          hashtags: post.content.hashtags.map((tag) => tag.replace(/^#+/, '')).join(' '),
          platforms: [...post.platforms].sort().join(' '),
          impressions: totals.impressions,
          ...(totals.impressions > 0 ? { engagementRate: totals.engaged / totals.impressions } : {}),
        },
      },
    ]);
    return true;
  }
}

function fold(events: readonly RecordedEvent[]): PublishedPost {
  const post: PublishedPost = {
    organizationId: null,
    content: null,
    platforms: new Set(),
    publishedAt: null,
    metrics: new Map(),
    deleted: false,
  };
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'post.drafted':
        post.organizationId = typeof data.organizationId === 'string' ? data.organizationId : null;
        post.content = data.content as PostContent;
        break;
      case 'post.edited':
        post.content = data.content as PostContent;
        break;
      case 'post.publishSucceeded':
        if (typeof data.platform === 'string') post.platforms.add(data.platform);
        if (post.publishedAt === null && typeof data.publishedAt === 'string')
          post.publishedAt = data.publishedAt;
        break;
      case 'post.metricsRecorded':
        if (typeof data.accountId === 'string') post.metrics.set(data.accountId, data.metrics as PostMetrics);
        break;
      case 'post.deleted':
        post.deleted = true;
        break;
    }
  }
  return post;
}
