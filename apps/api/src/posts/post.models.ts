import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { SocialPlatform } from '@herald/accounts';
import {
  MEDIA_TYPES,
  PUBLISH_ERROR_CLASSES,
  WEEKDAYS,
  type MediaType,
  type PublishErrorClass,
  type TargetStatus,
  type Weekday,
} from '@herald/posts';
import { POST_VIEW_STATUSES, type PostViewStatus } from '@herald/projections/posts';
import { SocialPlatformEnum } from '../accounts/social-account.models';

const enumOf = <T extends string>(values: readonly T[]): { [K in T]: K } =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const PostStatusEnum = enumOf(POST_VIEW_STATUSES);
registerEnumType(PostStatusEnum, {
  name: 'PostStatus',
  description: 'Where a post stands; `deleted` posts are listed only when asked for by status.',
});

export const MediaTypeEnum = enumOf(MEDIA_TYPES);
registerEnumType(MediaTypeEnum, { name: 'MediaType' });

export const WeekdayEnum = enumOf(WEEKDAYS);
registerEnumType(WeekdayEnum, { name: 'Weekday' });

export const RECURRENCE_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export const RecurrenceFrequencyEnum = enumOf(RECURRENCE_FREQUENCIES);
registerEnumType(RecurrenceFrequencyEnum, { name: 'RecurrenceFrequency' });

export const TARGET_STATUSES: readonly TargetStatus[] = ['pending', 'publishing', 'published', 'failed'];
export const PostTargetStatusEnum = enumOf(TARGET_STATUSES);
registerEnumType(PostTargetStatusEnum, { name: 'PostTargetStatus' });

export const PublishErrorClassEnum = enumOf(PUBLISH_ERROR_CLASSES);
registerEnumType(PublishErrorClassEnum, { name: 'PublishErrorClass' });

@ObjectType()
export class Media {
  @Field()
  url!: string;

  @Field(() => MediaTypeEnum)
  type!: MediaType;

  @Field()
  mimeType!: string;

  @Field(() => Float)
  sizeBytes!: number;

  @Field(() => Int, { nullable: true })
  width!: number | null;

  @Field(() => Int, { nullable: true })
  height!: number | null;

  @Field(() => Float, { nullable: true })
  durationSeconds!: number | null;

  @Field(() => String, { nullable: true })
  altText!: string | null;
}

@ObjectType({ description: "A platform's override of the post's text, title or media." })
export class PlatformVariant {
  @Field(() => SocialPlatformEnum)
  platform!: SocialPlatform;

  @Field(() => String, { nullable: true, description: "null: the post's text." })
  text!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => [Media], { nullable: true, description: "null: the post's media." })
  media!: Media[] | null;
}

@ObjectType()
export class Recurrence {
  @Field(() => RecurrenceFrequencyEnum)
  frequency!: 'daily' | 'weekly' | 'monthly';

  @Field(() => Int)
  interval!: number;

  @Field(() => [WeekdayEnum], { nullable: true })
  byWeekday!: Weekday[] | null;

  @Field(() => Date, { nullable: true })
  until!: Date | null;

  @Field(() => Int, { nullable: true })
  count!: number | null;
}

@ObjectType()
export class PostSchedule {
  @Field(() => Date, { description: 'The next (or only) publication instant.' })
  at!: Date;

  @Field({ description: 'The IANA zone the post was planned in; recurrences keep its wall-clock time.' })
  timeZone!: string;

  @Field(() => Recurrence, { nullable: true })
  recurrence!: Recurrence | null;

  @Field(() => Int, { description: 'Which occurrence of the series `at` is, from 0.' })
  occurrence!: number;
}

@ObjectType()
export class PublishError {
  @Field(() => PublishErrorClassEnum)
  errorClass!: PublishErrorClass;

  @Field()
  message!: string;
}

@ObjectType()
export class PostTarget {
  @Field(() => ID)
  accountId!: string;

  @Field(() => SocialPlatformEnum)
  platform!: SocialPlatform;

  @Field(() => PostTargetStatusEnum)
  status!: TargetStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date, { nullable: true })
  retryAt!: Date | null;

  @Field(() => PublishError, { nullable: true })
  lastError!: PublishError | null;

  @Field(() => String, { nullable: true })
  platformPostId!: string | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;
}

@ObjectType()
export class PostApproval {
  @Field(() => ID)
  approvedBy!: string;

  @Field(() => Date)
  approvedAt!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType()
export class PostRejection {
  @Field(() => ID)
  rejectedBy!: string;

  @Field()
  reason!: string;

  @Field(() => Date)
  rejectedAt!: Date;
}

@ObjectType({ description: 'A post as the posts read model holds it.' })
export class Post {
  @Field(() => ID)
  id!: string;

  @Field(() => PostStatusEnum)
  status!: PostViewStatus;

  @Field(() => ID)
  authorId!: string;

  @Field()
  text!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => [Media])
  media!: Media[];

  @Field(() => [String])
  hashtags!: string[];

  @Field(() => [String])
  mentions!: string[];

  @Field(() => [String])
  links!: string[];

  @Field(() => [PlatformVariant])
  variants!: PlatformVariant[];

  @Field(() => ID, { nullable: true, description: 'The post this one was duplicated from.' })
  duplicatedFrom!: string | null;

  @Field(() => PostSchedule, { nullable: true })
  schedule!: PostSchedule | null;

  @Field(() => [PostTarget])
  targets!: PostTarget[];

  @Field(() => PostApproval, { nullable: true })
  approval!: PostApproval | null;

  @Field(() => PostRejection, { nullable: true, description: 'The latest rejection, kept after a resubmission.' })
  lastRejection!: PostRejection | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  deletedAt!: Date | null;
}

@ObjectType({ description: 'What a post mutation changed, read back from the posts read model.' })
export class PostPayload {
  @Field(() => ID)
  postId!: string;

  @Field(() => Int, { nullable: true, description: "The post stream's revision after the change." })
  revision!: number | null;

  @Field({
    description:
      'true when the read model had not caught up with the change in time: `post` may show the state before it; read it again shortly.',
  })
  pending!: boolean;

  @Field(() => Post, { nullable: true, description: 'null only while pending for a post not yet in the read model.' })
  post!: Post | null;
}

@ObjectType()
export class PostConnection {
  @Field(() => [Post])
  items!: Post[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

@ObjectType({ description: 'Why one item of a bulk operation failed; the other items are unaffected.' })
export class ItemError {
  @Field()
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field at fault, when one is.' })
  field!: string | null;
}

@ObjectType()
export class BulkScheduleItemResult {
  @Field(() => Int, { description: 'Position of the item in the request, from 0.' })
  index!: number;

  @Field(() => ID)
  postId!: string;

  @Field()
  ok!: boolean;

  @Field(() => PostPayload, { nullable: true })
  result!: PostPayload | null;

  @Field(() => ItemError, { nullable: true })
  error!: ItemError | null;
}

@ObjectType()
export class BulkScheduleResult {
  @Field(() => Int)
  scheduled!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => [BulkScheduleItemResult], { description: 'One per requested item, in request order.' })
  items!: BulkScheduleItemResult[];
}
