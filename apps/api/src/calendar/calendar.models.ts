import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { SocialPlatform } from '@herald/accounts';
import { CALENDAR_ENTRY_STATUSES, type CalendarEntryStatus } from '@herald/projections/calendar';
import { SocialPlatformEnum } from '../accounts/social-account.models';

export const CALENDAR_VIEW_NAMES = ['DAY', 'WEEK', 'MONTH'] as const;
export type CalendarViewName = (typeof CALENDAR_VIEW_NAMES)[number];
export const CalendarViewEnum = { DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH' } as const;
registerEnumType(CalendarViewEnum, {
  name: 'CalendarView',
  description: 'A local day, an ISO week (Monday first) or a month.',
});

export const CalendarEntryStatusEnum = Object.fromEntries(
  CALENDAR_ENTRY_STATUSES.map((status) => [status, status]),
) as { [K in CalendarEntryStatus]: K };
registerEnumType(CalendarEntryStatusEnum, {
  name: 'CalendarEntryStatus',
  description: '`planned`: a later occurrence of a repeating post, computed from its rule.',
});

@ObjectType({ description: "The last failed publish attempt's error class and message." })
export class CalendarEntryError {
  @Field()
  errorClass!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'One occurrence of a post on one account.' })
export class CalendarEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  postId!: string;

  @Field(() => Int, { nullable: true })
  occurrence!: number | null;

  @Field(() => ID)
  accountId!: string;

  @Field(() => SocialPlatformEnum)
  platform!: SocialPlatform;

  @Field(() => Date)
  at!: Date;

  @Field({ description: "YYYY-MM-DD in the calendar's time zone." })
  localDate!: string;

  @Field({ description: "HH:mm in the calendar's time zone." })
  localTime!: string;

  @Field({ description: 'The zone the post was scheduled in.' })
  scheduledTimeZone!: string;

  @Field(() => CalendarEntryStatusEnum)
  status!: CalendarEntryStatus;

  @Field()
  excerpt!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Int)
  mediaCount!: number;

  @Field(() => String, { nullable: true })
  thumbnailUrl!: string | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => CalendarEntryError, { nullable: true })
  lastError!: CalendarEntryError | null;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;
}

@ObjectType()
export class CalendarDay {
  @Field({ description: 'YYYY-MM-DD.' })
  date!: string;

  @Field(() => [CalendarEntry])
  entries!: CalendarEntry[];
}

@ObjectType()
export class Calendar {
  @Field(() => CalendarViewEnum)
  view!: CalendarViewName;

  @Field()
  timeZone!: string;

  @Field(() => Date, { description: 'First instant of the range.' })
  from!: Date;

  @Field(() => Date, { description: 'First instant after the range.' })
  to!: Date;

  @Field(() => [CalendarDay], { description: 'Every day of the range, empty ones included, in order.' })
  days!: CalendarDay[];
}
