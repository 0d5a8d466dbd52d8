import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { MEDIA_TYPES, WEEKDAYS, type MediaType, type Weekday } from '@herald/posts';
import { POST_VIEW_STATUSES, type PostViewStatus } from '@herald/projections/posts';
import { SocialPlatformEnum } from '../accounts/social-account.models';
import { UUID } from '../identity/auth.inputs';
import { IsTimeZone } from './is-time-zone.validator';
import {
  MediaTypeEnum,
  PostStatusEnum,
  RECURRENCE_FREQUENCIES,
  RecurrenceFrequencyEnum,
  WeekdayEnum,
} from './post.models';
import { IdempotencyKeyField, trim, UuidIdField } from '../graphql/common-inputs';

/** Above every platform's own limit (Facebook's 63,206): platform rules give the precise refusal. */
export const MAX_TEXT_LENGTH = 63_206;
export const MAX_MEDIA = 10;
const MAX_MEDIA_BYTES = 4 * 1024 ** 3;
export const MAX_BULK_ITEMS = 50;

const HTTPS_URL = { protocols: ['https'], require_protocol: true, require_tld: false };


@InputType()
export class MediaInput {
  @Field({ description: 'https URL of the uploaded file.' })
  @Transform(trim)
  @MaxLength(2048)
  @IsUrl(HTTPS_URL, { message: 'must be an https URL' })
  url!: string;

  @Field(() => MediaTypeEnum)
  @IsIn(MEDIA_TYPES)
  type!: MediaType;

  @Field({ description: 'e.g. image/jpeg, video/mp4.' })
  @Matches(/^[a-z]+\/[a-z0-9.+-]+$/i, { message: 'must be a MIME type such as image/jpeg' })
  @MaxLength(100)
  mimeType!: string;

  @Field(() => Float)
  @IsInt()
  @Min(1)
  @Max(MAX_MEDIA_BYTES, { message: 'must be at most 4 GiB' })
  sizeBytes!: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20_000)
  width?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20_000)
  height?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(86_400)
  durationSeconds?: number | null;

  @Field(() => String, { nullable: true, description: 'Read by screen readers; up to 1,000 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  altText?: string | null;
}

@InputType()
export class PlatformVariantInput {
  @Field(() => SocialPlatformEnum)
  @IsIn(SOCIAL_PLATFORMS)
  platform!: SocialPlatform;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  text?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string | null;

  @Field(() => [MediaInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_MEDIA, { message: `may hold at most ${MAX_MEDIA} media items` })
  @ValidateNested({ each: true })
  @Type(() => MediaInput)
  media?: MediaInput[] | null;
}

@InputType()
export class PostContentInput {
  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  text: string = '';

  @Field(() => String, { nullable: true, description: 'For platforms with a title field (YouTube).' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string | null;

  @Field(() => [MediaInput], { defaultValue: [] })
  @ArrayMaxSize(MAX_MEDIA, { message: `may hold at most ${MAX_MEDIA} media items` })
  @ValidateNested({ each: true })
  @Type(() => MediaInput)
  media: MediaInput[] = [];

  @Field(() => [String], { defaultValue: [], description: 'Without the #; at most 30.' })
  @ArrayMaxSize(30)
  @Matches(/^[\p{L}\p{N}_]{1,100}$/u, { each: true, message: 'each hashtag must be letters, digits or _ without the #' })
  hashtags: string[] = [];

  @Field(() => [String], { defaultValue: [], description: 'Handles without the @; at most 50.' })
  @ArrayMaxSize(50)
  @Matches(/^[\p{L}\p{N}_.-]{1,100}$/u, { each: true, message: 'each mention must be a handle without the @' })
  mentions: string[] = [];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @MaxLength(2048, { each: true })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true, message: 'each link must be an http(s) URL' })
  links: string[] = [];

  @Field(() => [PlatformVariantInput], { defaultValue: [] })
  @ArrayMaxSize(SOCIAL_PLATFORMS.length)
  @ValidateNested({ each: true })
  @Type(() => PlatformVariantInput)
  variants: PlatformVariantInput[] = [];
}

@InputType()
export class RecurrenceInput {
  @Field(() => RecurrenceFrequencyEnum)
  @IsIn(RECURRENCE_FREQUENCIES)
  frequency!: 'daily' | 'weekly' | 'monthly';

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(365)
  interval: number = 1;

  @Field(() => [WeekdayEnum], { nullable: true, description: 'Weekly rules only.' })
  @IsOptional()
  @ArrayUnique()
  @IsIn(WEEKDAYS, { each: true })
  byWeekday?: Weekday[] | null;

  @Field(() => String, { nullable: true, description: 'ISO-8601 instant, inclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 instant such as 2026-03-10T09:00:00Z' })
  until?: string | null;

  @Field(() => Int, { nullable: true, description: 'Total occurrences, the first included.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  count?: number | null;
}

@InputType()
export class DraftPostInput extends PostContentInput {}

@InputType()
export class EditPostInput extends PostContentInput {
  @UuidIdField('must be a post id')
  postId!: string;
}

@InputType()
export class SchedulePostInput {
  @UuidIdField('must be a post id')
  postId!: string;

  @Field({ description: 'ISO-8601 instant with an offset, e.g. 2026-03-10T09:00:00+01:00; in the future.' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 instant such as 2026-03-10T09:00:00Z' })
  at!: string;

  @Field({ description: 'IANA time zone the author plans in, e.g. Europe/Paris.' })
  @IsTimeZone()
  timeZone!: string;

  @Field(() => [ID], { description: 'The social accounts to publish to (1 to 20).' })
  @ArrayMinSize(1, { message: 'must name at least one account' })
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'must not list an account twice' })
  @Matches(UUID, { each: true, message: 'each must be an account id' })
  accountIds!: string[];

  @Field(() => RecurrenceInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceInput)
  recurrence?: RecurrenceInput | null;
}

@InputType()
export class ReschedulePostInput {
  @UuidIdField('must be a post id')
  postId!: string;

  @Field()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 instant such as 2026-03-10T09:00:00Z' })
  at!: string;

  @Field()
  @IsTimeZone()
  timeZone!: string;
}

@InputType()
export class PublishPostNowInput {
  @UuidIdField('must be a post id')
  postId!: string;

  @Field(() => [ID], {
    nullable: true,
    description: "Draft or approved posts: where to publish. Scheduled posts: omit (their targets). Published posts: failed targets to retry.",
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'must name at least one account' })
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'must not list an account twice' })
  @Matches(UUID, { each: true, message: 'each must be an account id' })
  accountIds?: string[] | null;
}

@InputType()
export class BulkScheduleInput {
  @Field(() => [SchedulePostInput], { description: `1 to ${MAX_BULK_ITEMS} posts, each scheduled on its own.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => SchedulePostInput)
  items!: SchedulePostInput[];
}

@ArgsType()
export class PostIdArgs {
  @UuidIdField('must be a post id')
  id!: string;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@ArgsType()
export class PostReasonArgs extends PostIdArgs {
  @Field(() => String, { nullable: true, description: 'Kept in the audit trail; up to 1,000 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

@ArgsType()
export class ApprovePostArgs extends PostIdArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

@ArgsType()
export class RejectPostArgs extends PostIdArgs {
  @Field({ description: 'What the author should change; 1 to 1,000 characters.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must say why the post is rejected' })
  @MaxLength(1000)
  reason!: string;
}

@ArgsType()
export class PostArgs {
  @UuidIdField('must be a post id')
  id!: string;
}

@ArgsType()
export class PostsArgs {
  @Field(() => [PostStatusEnum], { nullable: true, description: 'Default: every status but deleted.' })
  @IsOptional()
  @ArrayMaxSize(POST_VIEW_STATUSES.length)
  @IsIn(POST_VIEW_STATUSES, { each: true })
  status?: PostViewStatus[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(UUID, { message: 'must be an account id' })
  accountId?: string | null;

  @Field(() => SocialPlatformEnum, { nullable: true })
  @IsOptional()
  @IsIn(SOCIAL_PLATFORMS)
  platform?: SocialPlatform | null;

  @Field(() => String, { nullable: true, description: 'Words the post holds (prefixes match); newest changes first.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  after?: string | null;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}
