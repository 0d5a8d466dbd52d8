import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { MEMBER_ROLES } from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import {
  analyticsQueries,
  type AnalyticsQueries,
  type PostAnalytics,
  type PublicationAnalytics,
} from '@herald/projections/analytics';
import type { ReadStore } from '@herald/read-store';
import { HeraldError } from '@herald/shared-kernel';
import { memberOf } from '../agent-tasks/member-of';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import type { HeraldRequestContext } from '../graphql/request-context';
import { READ_STORE } from '../infrastructure/read-store.module';
import {
  AccountAnalyticsArgs,
  AudienceGrowthArgs,
  BestTimesArgs,
  PeriodArgs,
  PostAnalyticsArgs,
  TopPostsArgs,
} from './analytics.inputs';
import {
  AccountAnalytics,
  AnalyticsOverview,
  AudienceGrowthModel,
  BestTimesModel,
  PostAnalyticsModel,
  PublicationAnalyticsModel,
  TopPostsModel,
} from './analytics.models';

const instant = (value: string | null): Date | null => (value === null ? null : new Date(value));

/**
 * Analytics of the caller's organization from the analytics projection. Periods are local dates
 * in the organization's time zone; the projection checks their bounds.
 */
@Resolver()
export class AnalyticsResolver {
  private readonly queries: AnalyticsQueries;

  constructor(catalog: ProjectionCatalog, @Inject(READ_STORE) readStore: ReadStore) {
    this.queries = analyticsQueries(readStore, catalog);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => AnalyticsOverview)
  async analyticsOverview(
    @Args() args: PeriodArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AnalyticsOverview> {
    const overview = await this.queries.overview({
      organizationId: tenant(context),
      from: args.from,
      to: args.to,
    });
    return {
      ...overview,
      daily: [...overview.daily],
      byPlatform: [...overview.byPlatform],
      byAccount: [...overview.byAccount],
    };
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => PostAnalyticsModel, {
    description: "One of your organization's posts; any other id is NOT_FOUND.",
  })
  async postAnalytics(
    @Args() args: PostAnalyticsArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<PostAnalyticsModel> {
    return toPostAnalytics(await this.queries.post({ organizationId: tenant(context), postId: args.postId }));
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => AccountAnalytics, { description: "Daily metrics of one of your organization's accounts." })
  async accountAnalytics(
    @Args() args: AccountAnalyticsArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AccountAnalytics> {
    const daily = await this.queries.accountDaily({
      organizationId: tenant(context),
      from: args.from,
      to: args.to,
      accountIds: [args.accountId],
    });
    const account = daily.accounts.find((candidate) => candidate.accountId === args.accountId);
    if (account === undefined)
      throw new HeraldError('NOT_FOUND', 'This social account does not exist.', {
        accountId: args.accountId,
      });
    return { ...account, timeZone: daily.timeZone, from: daily.from, to: daily.to };
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => TopPostsModel)
  async topPosts(
    @Args() args: TopPostsArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<TopPostsModel> {
    const top = await this.queries.topPosts({
      organizationId: tenant(context),
      from: args.from,
      to: args.to,
      ...(args.by ? { by: args.by } : {}),
      ...(args.limit != null ? { limit: args.limit } : {}),
      ...(args.platform ? { platform: args.platform } : {}),
      ...(args.minImpressions != null ? { minImpressions: args.minImpressions } : {}),
    });
    return {
      ...top,
      posts: top.posts.map((post) => ({ ...post, firstPublishedAt: new Date(post.firstPublishedAt) })),
    };
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => BestTimesModel)
  async bestTimesToPost(
    @Args() args: BestTimesArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<BestTimesModel> {
    const heatmap = await this.queries.bestTimeToPost({
      organizationId: tenant(context),
      from: args.from,
      to: args.to,
      ...(args.platform ? { platform: args.platform } : {}),
      ...(args.accountId ? { accountId: args.accountId } : {}),
      ...(args.minSamples != null ? { minSamples: args.minSamples } : {}),
    });
    return { ...heatmap, cells: [...heatmap.cells], best: [...heatmap.best] };
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => AudienceGrowthModel, {
    description:
      "Reach and impressions your accounts' posts gained per day (a proxy: follower counts are not reported yet).",
  })
  async audienceGrowth(
    @Args() args: AudienceGrowthArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AudienceGrowthModel> {
    const growth = await this.queries.audienceGrowth({
      organizationId: tenant(context),
      from: args.from,
      to: args.to,
      ...(args.accountIds && args.accountIds.length > 0 ? { accountIds: args.accountIds } : {}),
    });
    return {
      ...growth,
      accounts: growth.accounts.map((account) => ({ ...account, connectedAt: instant(account.connectedAt) })),
    };
  }
}

const tenant = (context: HeraldRequestContext): string => memberOf(context).organizationId;

function toPublication(publication: PublicationAnalytics): PublicationAnalyticsModel {
  return {
    ...publication,
    publishedAt: new Date(publication.publishedAt),
    measuredAt: instant(publication.measuredAt),
  };
}

function toPostAnalytics(post: PostAnalytics): PostAnalyticsModel {
  return {
    postId: post.postId,
    excerpt: post.excerpt,
    deleted: post.deleted,
    firstPublishedAt: instant(post.firstPublishedAt),
    lastMeasuredAt: instant(post.lastMeasuredAt),
    metrics: post.metrics,
    engagementRate: post.engagementRate,
    publications: post.publications.map(toPublication),
  };
}
