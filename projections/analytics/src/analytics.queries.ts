import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { ReadStore } from '@herald/read-store';
import { ActivityQueries, type AccountDailyInput } from './activity.queries';
import type { PeriodInput } from './analytics-period';
import { bestTimeToPost, type BestTimeInput } from './best-time.query';
import { PostQueries, type TopPostsInput } from './post.queries';

/**
 * The typed, tenant-scoped reads the GraphQL layer calls. Every query names its organization and
 * reads the live version of the projection through the catalog, so a rebuild swaps underneath
 * without a restart. Periods are local dates in the organization's time zone.
 */
export function analyticsQueries(_readStore: ReadStore, catalog: ProjectionCatalog) {
  const activity = new ActivityQueries(catalog);
  const posts = new PostQueries(catalog);
  return {
    overview: (input: PeriodInput) => activity.overview(input),
    accountDaily: (input: AccountDailyInput) => activity.accountDaily(input),
    audienceGrowth: (input: AccountDailyInput) => activity.audienceGrowth(input),
    post: (input: { organizationId: string; postId: string }) => posts.post(input),
    postHistory: (input: { organizationId: string; postId: string }) => posts.postHistory(input),
    topPosts: (input: TopPostsInput) => posts.topPosts(input),
    bestTimeToPost: (input: BestTimeInput) => bestTimeToPost(catalog, input),
  };
}

export type AnalyticsQueries = ReturnType<typeof analyticsQueries>;
