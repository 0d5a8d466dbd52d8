import type { SocialPlatform } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Filter, Sort } from '@herald/read-store';
import { pageLimit, requireId, requireOrganizationId } from '@herald/projections/support';
import {
  ANALYTICS_COLLECTIONS as C,
  ANALYTICS_PROJECTION,
  type AnalyticsPostDocument,
  type PublicationDocument,
  type SnapshotDocument,
} from './analytics.documents';
import { resolvePeriod, type PeriodInput } from './analytics-period';
import { engagementRate, METRIC_NAMES, readMetrics, type MetricName, type Metrics } from './metric-math';

export interface PublicationAnalytics {
  readonly publicationId: string;
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly platformPostId: string;
  readonly url: string | null;
  readonly occurrence: number;
  readonly publishedAt: string;
  readonly measuredAt: string | null;
  readonly metrics: Metrics;
  readonly engagementRate: number | null;
}

export interface PostAnalytics {
  readonly postId: string;
  readonly organizationId: string;
  readonly excerpt: string;
  readonly deleted: boolean;
  readonly firstPublishedAt: string | null;
  readonly lastMeasuredAt: string | null;
  /** Sum over the publications of their latest snapshots. */
  readonly metrics: Metrics;
  readonly engagementRate: number | null;
  readonly publications: PublicationAnalytics[];
}

export interface HistoryPoint {
  readonly measuredAt: string;
  /** Cumulative, as the platform reported it. */
  readonly metrics: Metrics;
  readonly engagementRate: number | null;
}

export interface PublicationHistory {
  readonly publicationId: string;
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly points: HistoryPoint[];
}

export const TOP_POST_ORDERS = ['engagementRate', ...METRIC_NAMES] as const;
export type TopPostOrder = (typeof TOP_POST_ORDERS)[number];

export interface TopPostsInput extends PeriodInput {
  readonly by?: TopPostOrder;
  readonly limit?: number;
  readonly platform?: SocialPlatform;
  /** Ignore posts seen fewer times: one like on two impressions is not a 50 % post. */
  readonly minImpressions?: number;
}

export interface TopPost {
  readonly rank: number;
  readonly postId: string;
  readonly excerpt: string;
  readonly firstPublishedAt: string;
  readonly platforms: SocialPlatform[];
  readonly metrics: Metrics;
  readonly engagementRate: number | null;
}

export interface TopPosts {
  readonly organizationId: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly by: TopPostOrder;
  readonly posts: TopPost[];
}

function publicationAnalytics(publication: PublicationDocument): PublicationAnalytics {
  const metrics = readMetrics(publication.metrics);
  return {
    publicationId: publication._id,
    accountId: publication.accountId,
    platform: publication.platform,
    platformPostId: publication.platformPostId,
    url: publication.url,
    occurrence: publication.occurrence,
    publishedAt: publication.publishedAt,
    measuredAt: publication.measuredAt,
    metrics,
    engagementRate: engagementRate(metrics),
  };
}

export class PostQueries {
  constructor(private readonly catalog: ProjectionCatalog) {}

  async post(input: { organizationId: string; postId: string }): Promise<PostAnalytics> {
    const post = await this.ownedPost(input);
    const publications = await this.catalog.open<PublicationDocument>(ANALYTICS_PROJECTION, C.publications);
    const found = await publications.find({ postId: post._id }, { sort: { publishedAt: 1 } });
    const metrics = readMetrics(post.metrics);
    return {
      postId: post._id,
      organizationId: post.organizationId,
      excerpt: post.excerpt,
      deleted: post.deleted,
      firstPublishedAt: post.firstPublishedAt,
      lastMeasuredAt: post.lastMeasuredAt,
      metrics,
      engagementRate: engagementRate(metrics),
      publications: found.map(publicationAnalytics),
    };
  }

  /** Every snapshot of every publication of the post, oldest first; stale snapshots left out. */
  async postHistory(input: { organizationId: string; postId: string }): Promise<PublicationHistory[]> {
    const post = await this.ownedPost(input);
    const publications = await this.catalog.open<PublicationDocument>(ANALYTICS_PROJECTION, C.publications);
    const snapshots = await this.catalog.open<SnapshotDocument>(ANALYTICS_PROJECTION, C.snapshots);
    const points = await snapshots.find(
      { postId: post._id, stale: false },
      { sort: { measuredAt: 1, sequence: 1 } },
    );
    const found = await publications.find({ postId: post._id }, { sort: { publishedAt: 1 } });
    return found.map((publication) => ({
      publicationId: publication._id,
      accountId: publication.accountId,
      platform: publication.platform,
      points: points
        .filter((point) => point.publicationId === publication._id)
        .map((point) => {
          const metrics = readMetrics(point.metrics);
          return { measuredAt: point.measuredAt, metrics, engagementRate: engagementRate(metrics) };
        }),
    }));
  }

  /** Posts first published in the period, ranked by their current totals. */
  async topPosts(input: TopPostsInput): Promise<TopPosts> {
    const period = await resolvePeriod(this.catalog, input);
    const by = input.by ?? 'engagementRate';
    if (!(TOP_POST_ORDERS as readonly string[]).includes(by)) {
      throw new HeraldError('VALIDATION.FAILED', `by must be one of ${TOP_POST_ORDERS.join(', ')}.`, {
        field: 'by',
      });
    }
    const limit = pageLimit(input.limit);
    const minImpressions = input.minImpressions ?? 0;
    if (!Number.isInteger(minImpressions) || minImpressions < 0) {
      throw new HeraldError('VALIDATION.FAILED', 'minImpressions must be a whole number of at least 0.', {
        field: 'minImpressions',
      });
    }
    const filter: Filter<AnalyticsPostDocument> = {
      organizationId: period.organizationId,
      firstPublishedAt: { $gte: period.start, $lt: period.end },
      deleted: false,
    };
    if (minImpressions > 0) filter['metrics.impressions'] = { $gte: minImpressions };
    if (by === 'engagementRate') filter.engagementRate = { $gte: 0 };
    if (input.platform !== undefined) filter.platforms = input.platform;
    const sortField: string =
      by === 'engagementRate' ? 'engagementRate' : `metrics.${by satisfies MetricName}`;
    const sort: Sort<AnalyticsPostDocument> = { [sortField]: -1, 'metrics.impressions': -1 };
    const posts = await this.catalog.open<AnalyticsPostDocument>(ANALYTICS_PROJECTION, C.posts);
    const found = await posts.find(filter, { sort, limit });
    return {
      organizationId: period.organizationId,
      timeZone: period.timeZone,
      from: period.from,
      to: period.to,
      by,
      posts: found.map((post, index) => {
        const metrics = readMetrics(post.metrics);
        return {
          rank: index + 1,
          postId: post._id,
          excerpt: post.excerpt,
          firstPublishedAt: post.firstPublishedAt as string,
          platforms: post.platforms,
          metrics,
          engagementRate: engagementRate(metrics),
        };
      }),
    };
  }

  private async ownedPost(input: { organizationId: string; postId: string }): Promise<AnalyticsPostDocument> {
    const organizationId = requireOrganizationId(input.organizationId);
    const postId = requireId(input.postId, 'postId');
    const posts = await this.catalog.open<AnalyticsPostDocument>(ANALYTICS_PROJECTION, C.posts);
    const post = await posts.findOne({ _id: postId });
    // Another organization's post reads as missing: its existence is not ours to reveal.
    if (post === null || post.organizationId !== organizationId) {
      throw new HeraldError('NOT_FOUND', 'No analytics for this post in this organization.', { postId });
    }
    return post;
  }
}
