import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { SocialPlatformEnum } from '../accounts/social-account.models';

@ObjectType({ description: 'Counts as the platforms report them.' })
export class MetricsModel {
  @Field(() => Float) impressions!: number;
  @Field(() => Float) reach!: number;
  @Field(() => Float) likes!: number;
  @Field(() => Float) comments!: number;
  @Field(() => Float) shares!: number;
  @Field(() => Float) saves!: number;
  @Field(() => Float) clicks!: number;
}

@ObjectType()
export class DailyMetrics {
  @Field({ description: "Local date (YYYY-MM-DD) in the organization's time zone." })
  date!: string;

  @Field(() => MetricsModel)
  metrics!: MetricsModel;

  @Field(() => Float, {
    nullable: true,
    description: 'Engagements per impression; null without impressions.',
  })
  engagementRate!: number | null;
}

@ObjectType()
export class PlatformActivity {
  @Field(() => SocialPlatformEnum)
  platform!: string;

  @Field(() => MetricsModel)
  metrics!: MetricsModel;

  @Field(() => Float, { nullable: true })
  engagementRate!: number | null;
}

@ObjectType()
export class AccountActivity extends PlatformActivity {
  @Field(() => ID)
  accountId!: string;

  @Field(() => String, { nullable: true })
  handle!: string | null;
}

@ObjectType({ description: "What the organization's posts gained during the period." })
export class AnalyticsOverview {
  @Field() timeZone!: string;
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => Int) postsPublished!: number;
  @Field(() => Int) publications!: number;
  @Field(() => MetricsModel) metrics!: MetricsModel;
  @Field(() => Float, { nullable: true }) engagementRate!: number | null;
  @Field(() => [DailyMetrics]) daily!: DailyMetrics[];
  @Field(() => [PlatformActivity]) byPlatform!: PlatformActivity[];
  @Field(() => [AccountActivity]) byAccount!: AccountActivity[];
}

@ObjectType()
export class PublicationAnalyticsModel {
  @Field(() => ID) publicationId!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => SocialPlatformEnum) platform!: string;
  @Field() platformPostId!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => Int) occurrence!: number;
  @Field() publishedAt!: Date;
  @Field(() => Date, { nullable: true }) measuredAt!: Date | null;
  @Field(() => MetricsModel) metrics!: MetricsModel;
  @Field(() => Float, { nullable: true }) engagementRate!: number | null;
}

@ObjectType()
export class PostAnalyticsModel {
  @Field(() => ID) postId!: string;
  @Field() excerpt!: string;
  @Field() deleted!: boolean;
  @Field(() => Date, { nullable: true }) firstPublishedAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastMeasuredAt!: Date | null;
  @Field(() => MetricsModel, { description: 'Sum over the publications of their latest snapshots.' })
  metrics!: MetricsModel;
  @Field(() => Float, { nullable: true }) engagementRate!: number | null;
  @Field(() => [PublicationAnalyticsModel]) publications!: PublicationAnalyticsModel[];
}

@ObjectType()
export class AccountAnalytics {
  @Field(() => ID) accountId!: string;
  @Field(() => SocialPlatformEnum) platform!: string;
  @Field(() => String, { nullable: true }) handle!: string | null;
  @Field() timeZone!: string;
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => [DailyMetrics]) days!: DailyMetrics[];
}

@ObjectType()
export class TopPostModel {
  @Field(() => Int) rank!: number;
  @Field(() => ID) postId!: string;
  @Field() excerpt!: string;
  @Field() firstPublishedAt!: Date;
  @Field(() => [SocialPlatformEnum]) platforms!: string[];
  @Field(() => MetricsModel) metrics!: MetricsModel;
  @Field(() => Float, { nullable: true }) engagementRate!: number | null;
}

@ObjectType()
export class TopPostsModel {
  @Field() timeZone!: string;
  @Field() from!: string;
  @Field() to!: string;
  @Field() by!: string;
  @Field(() => [TopPostModel]) posts!: TopPostModel[];
}

@ObjectType()
export class HeatmapCellModel {
  @Field(() => Int, { description: 'ISO weekday in the organization’s zone: 1 = Monday … 7 = Sunday.' })
  weekday!: number;
  @Field(() => Int) hour!: number;
  @Field(() => Int) samples!: number;
  @Field(() => Float, { nullable: true }) averageEngagementRate!: number | null;
  @Field(() => Float) impressions!: number;
}

@ObjectType({ description: "Best times to post, from the organization's own results." })
export class BestTimesModel {
  @Field() timeZone!: string;
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => Int) minSamples!: number;
  @Field(() => [HeatmapCellModel], { description: '168 cells, Monday 00:00 first.' })
  cells!: HeatmapCellModel[];
  @Field(() => [HeatmapCellModel], { description: 'The strongest cells with enough samples, best first.' })
  best!: HeatmapCellModel[];
}

@ObjectType()
export class AudiencePointModel {
  @Field() date!: string;
  @Field(() => Float) reach!: number;
  @Field(() => Float) impressions!: number;
  @Field(() => Float) cumulativeReach!: number;
  @Field(() => Float) cumulativeImpressions!: number;
}

@ObjectType()
export class AccountAudienceModel {
  @Field(() => ID) accountId!: string;
  @Field(() => SocialPlatformEnum) platform!: string;
  @Field(() => String, { nullable: true }) handle!: string | null;
  @Field(() => Date, { nullable: true }) connectedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Not reported by any platform event yet: always null.' })
  followers!: number | null;
  @Field(() => [AudiencePointModel]) days!: AudiencePointModel[];
}

@ObjectType()
export class AudienceGrowthModel {
  @Field() timeZone!: string;
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => [AccountAudienceModel]) accounts!: AccountAudienceModel[];
}
