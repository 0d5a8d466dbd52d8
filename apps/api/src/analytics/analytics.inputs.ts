import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { TOP_POST_ORDERS, type TopPostOrder } from '@herald/projections/analytics';
import { SocialPlatformEnum } from '../accounts/social-account.models';
import { UUID } from '../identity/auth.inputs';

const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

@ArgsType()
export class PeriodArgs {
  @Field({ description: "First local date (YYYY-MM-DD) in the organization's time zone." })
  @Matches(LOCAL_DATE, { message: 'must be a date as YYYY-MM-DD' })
  from!: string;

  @Field({ description: 'Last local date, inclusive (at most 400 days after `from`).' })
  @Matches(LOCAL_DATE, { message: 'must be a date as YYYY-MM-DD' })
  to!: string;
}

@ArgsType()
export class PostAnalyticsArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a post id' })
  postId!: string;
}

@ArgsType()
export class AccountAnalyticsArgs extends PeriodArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be an account id' })
  accountId!: string;
}

@ArgsType()
export class TopPostsArgs extends PeriodArgs {
  @Field(() => String, {
    nullable: true,
    description: `${TOP_POST_ORDERS.join(', ')}; engagementRate when absent.`,
  })
  @IsOptional()
  @IsIn(TOP_POST_ORDERS)
  by?: TopPostOrder | null;

  @Field(() => Int, { nullable: true, description: '1 to 100; 10 when absent.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number | null;

  @Field(() => SocialPlatformEnum, { nullable: true })
  @IsOptional()
  @IsIn(SOCIAL_PLATFORMS)
  platform?: SocialPlatform | null;

  @Field(() => Int, { nullable: true, description: 'Ignore posts seen fewer times.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minImpressions?: number | null;
}

@ArgsType()
export class BestTimesArgs extends PeriodArgs {
  @Field(() => SocialPlatformEnum, { nullable: true })
  @IsOptional()
  @IsIn(SOCIAL_PLATFORMS)
  platform?: SocialPlatform | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(UUID, { message: 'must be an account id' })
  accountId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Fewer samples leave a cell out of `best` (3 when absent).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  minSamples?: number | null;
}

@ArgsType()
export class AudienceGrowthArgs extends PeriodArgs {
  @Field(() => [ID], { nullable: true, description: 'Every account when absent.' })
  @IsOptional()
  @Matches(UUID, { each: true, message: 'each must be an account id' })
  accountIds?: string[] | null;
}
