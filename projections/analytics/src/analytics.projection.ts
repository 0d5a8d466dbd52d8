import type { SocialAccountEvent } from '@herald/accounts';
import type { RecordedEvent } from '@herald/event-store';
import type { PostEvent } from '@herald/posts';
import { defineProjection, type ProjectionContext } from '@herald/projections-runtime';
import {
  applyOrganizationSettings,
  domainEventOf,
  excerptOf,
  ORGANIZATION_SETTINGS_VERSIONS,
  streamEntityId,
  typesOf,
  type EventVersions,
  type Recorded,
} from '@herald/projections/support';
import {
  ANALYTICS_COLLECTIONS as C,
  ANALYTICS_PROJECTION,
  bucketId,
  publicationId,
  snapshotId,
  type AnalyticsAccountDocument,
  type AnalyticsPostDocument,
  type BucketDocument,
  type PublicationDocument,
  type SnapshotDocument,
} from './analytics.documents';
import {
  addMetrics,
  bucketOf,
  engagementRate,
  incrementOf,
  metricsOf,
  readMetrics,
  subtractMetrics,
  zeroMetrics,
  type Metrics,
} from './metric-math';

type AnalyticsPostEvent = Extract<
  PostEvent,
  { type: 'post.drafted' | 'post.edited' | 'post.deleted' | 'post.publishSucceeded' | 'post.metricsRecorded' }
>;
type AnalyticsAccountEvent = Extract<
  SocialAccountEvent,
  { type: 'socialAccount.connected' | 'socialAccount.reconnected' | 'socialAccount.disconnected' }
>;

const POST_VERSIONS: EventVersions<AnalyticsPostEvent> = {
  'post.drafted': 1,
  'post.edited': 1,
  'post.deleted': 1,
  'post.publishSucceeded': 1,
  'post.metricsRecorded': 1,
};

const ACCOUNT_VERSIONS: EventVersions<AnalyticsAccountEvent> = {
  'socialAccount.connected': 1,
  'socialAccount.reconnected': 1,
  'socialAccount.disconnected': 1,
};

/**
 * Post performance per publication, per post, per account and 15-minute bucket, and per
 * organization. `post.metricsRecorded` carries cumulative snapshots; the projection turns them
 * into deltas so that sums over days, accounts and the organization are right however often a
 * post is measured, and a replay never counts a snapshot twice.
 */
export const analyticsProjection = defineProjection({
  name: ANALYTICS_PROJECTION,
  version: 1,
  eventTypes: [
    ...typesOf(ORGANIZATION_SETTINGS_VERSIONS),
    ...typesOf(ACCOUNT_VERSIONS),
    ...typesOf(POST_VERSIONS),
  ],
  collections: Object.values(C),
  async setup(indexes) {
    await indexes.createIndex(C.posts, { fields: { organizationId: 1, firstPublishedAt: 1 } });
    await indexes.createIndex(C.publications, { fields: { organizationId: 1, publishedAt: 1 } });
    await indexes.createIndex(C.publications, { fields: { postId: 1 } });
    await indexes.createIndex(C.snapshots, { fields: { publicationId: 1, sequence: 1 } });
    await indexes.createIndex(C.snapshots, { fields: { postId: 1, measuredAt: 1 } });
    await indexes.createIndex(C.buckets, { fields: { organizationId: 1, bucket: 1 } });
    await indexes.createIndex(C.accounts, { fields: { organizationId: 1 } });
  },
  async handle(event, context) {
    if (applyOrganizationSettings(event, context, C.settings)) return;
    const account = domainEventOf<AnalyticsAccountEvent>(event, ACCOUNT_VERSIONS);
    if (account !== null) return applyAccount(account, context);
    const post = domainEventOf<AnalyticsPostEvent>(event, POST_VERSIONS);
    if (post !== null) await applyPost(post, streamEntityId(event.streamId), context);
  },
});

function applyAccount(event: Recorded<AnalyticsAccountEvent>, context: ProjectionContext): void {
  switch (event.type) {
    case 'socialAccount.connected': {
      const { accountId, organizationId, platform, handle, displayName, connectedAt } = event.data;
      context.replace<AnalyticsAccountDocument>(C.accounts, accountId, {
        organizationId,
        platform,
        handle,
        displayName,
        connectedAt,
        disconnectedAt: null,
      });
      return;
    }
    case 'socialAccount.reconnected':
      context.updateMany<AnalyticsAccountDocument>(
        C.accounts,
        { _id: event.data.accountId },
        { $set: { handle: event.data.handle, disconnectedAt: null } },
      );
      return;
    case 'socialAccount.disconnected':
      context.updateMany<AnalyticsAccountDocument>(
        C.accounts,
        { _id: event.data.accountId },
        { $set: { disconnectedAt: event.data.disconnectedAt } },
      );
      return;
  }
}

async function applyPost(
  event: Recorded<AnalyticsPostEvent>,
  postId: string,
  context: ProjectionContext,
): Promise<void> {
  switch (event.type) {
    case 'post.drafted':
      context.replace<AnalyticsPostDocument>(C.posts, postId, {
        organizationId: event.data.organizationId,
        excerpt: excerptOf(event.data.content.text),
        firstPublishedAt: null,
        platforms: [],
        accountIds: [],
        publications: 0,
        metrics: zeroMetrics(),
        engagementRate: null,
        lastMeasuredAt: null,
        deleted: false,
      });
      return;
    case 'post.edited':
      context.updateMany<AnalyticsPostDocument>(
        C.posts,
        { _id: postId },
        { $set: { excerpt: excerptOf(event.data.content.text) } },
      );
      return;
    case 'post.deleted':
      // Analytics of what was published stay: the platform posts existed and were seen.
      context.updateMany<AnalyticsPostDocument>(C.posts, { _id: postId }, { $set: { deleted: true } });
      return;
    case 'post.publishSucceeded':
      return published(event, postId, context);
    case 'post.metricsRecorded':
      return measured(event, postId, context);
  }
}

async function requirePost(
  context: ProjectionContext,
  postId: string,
  event: RecordedEvent,
): Promise<AnalyticsPostDocument> {
  const post = await context.get<AnalyticsPostDocument>(C.posts, postId);
  if (post === null)
    throw new Error(
      `${event.type} at position ${event.globalPosition} for post ${postId}, which was never drafted`,
    );
  return post;
}

async function published(
  event: Recorded<Extract<AnalyticsPostEvent, { type: 'post.publishSucceeded' }>>,
  postId: string,
  context: ProjectionContext,
): Promise<void> {
  const post = await requirePost(context, postId, event.envelope);
  const { accountId, platform, platformPostId, url, occurrence, publishedAt } = event.data;
  context.replace<PublicationDocument>(C.publications, publicationId(postId, accountId, platformPostId), {
    organizationId: post.organizationId,
    postId,
    accountId,
    platform,
    platformPostId,
    url,
    occurrence,
    publishedAt,
    metrics: zeroMetrics(),
    engagementRate: null,
    measuredAt: null,
  });
  const first =
    post.firstPublishedAt === null || publishedAt < post.firstPublishedAt
      ? publishedAt
      : post.firstPublishedAt;
  context.upsert<AnalyticsPostDocument>(C.posts, postId, {
    $set: {
      firstPublishedAt: first,
      platforms: post.platforms.includes(platform) ? post.platforms : [...post.platforms, platform],
      accountIds: post.accountIds.includes(accountId) ? post.accountIds : [...post.accountIds, accountId],
      publications: post.publications + 1,
    },
  });
}

async function measured(
  event: Recorded<Extract<AnalyticsPostEvent, { type: 'post.metricsRecorded' }>>,
  postId: string,
  context: ProjectionContext,
): Promise<void> {
  const { accountId, platformPostId, measuredAt } = event.data;
  const metrics = metricsOf(event.data.metrics);
  const id = publicationId(postId, accountId, platformPostId);
  const publication = await context.get<PublicationDocument>(C.publications, id);
  if (publication === null)
    throw new Error(
      `post.metricsRecorded at position ${context.position} for ${id}, which was never published`,
    );
  const post = await requirePost(context, postId, event.envelope);
  // Only snapshots of earlier events: a replay after a crash must find the same predecessor.
  const [latest] = await context.find<SnapshotDocument>(
    C.snapshots,
    { publicationId: id, stale: false, sequence: { $lt: context.position } },
    { sort: { measuredAt: -1, sequence: -1 }, limit: 1 },
  );
  const stale = latest !== undefined && measuredAt < latest.measuredAt;
  const delta: Metrics = stale
    ? zeroMetrics()
    : subtractMetrics(metrics, latest === undefined ? zeroMetrics() : readMetrics(latest.metrics));
  context.replace<SnapshotDocument>(C.snapshots, snapshotId(id, context.position), {
    organizationId: publication.organizationId,
    postId,
    accountId,
    publicationId: id,
    measuredAt,
    sequence: context.position,
    metrics,
    delta,
    stale,
  });
  if (stale) return;
  context.upsert<PublicationDocument>(C.publications, id, {
    $set: { metrics, engagementRate: engagementRate(metrics), measuredAt },
  });
  const bucket = bucketOf(measuredAt);
  context.upsert<BucketDocument>(C.buckets, bucketId(accountId, bucket), {
    $setOnInsert: {
      organizationId: publication.organizationId,
      accountId,
      platform: publication.platform,
      bucket,
    },
    $inc: { ...incrementOf(delta), measurements: 1 },
  });
  // Derived from the post document's own fields, so the position guard makes a replay a no-op.
  const totals = addMetrics(readMetrics(post.metrics), delta);
  const lastMeasuredAt =
    post.lastMeasuredAt === null || measuredAt > post.lastMeasuredAt ? measuredAt : post.lastMeasuredAt;
  context.upsert<AnalyticsPostDocument>(C.posts, postId, {
    $set: { metrics: totals, engagementRate: engagementRate(totals), lastMeasuredAt },
  });
}
