import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsIn, IsOptional, Matches } from 'class-validator';
import { SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { CALENDAR_ENTRY_STATUSES, type CalendarEntryStatus } from '@herald/projections/calendar';
import { SocialPlatformEnum } from '../accounts/social-account.models';
import { UUID } from '../identity/auth.inputs';
import { IsTimeZone } from '../posts/is-time-zone.validator';
import { CALENDAR_VIEW_NAMES, CalendarEntryStatusEnum, CalendarViewEnum, type CalendarViewName } from './calendar.models';

@ArgsType()
export class CalendarArgs {
  @Field(() => CalendarViewEnum)
  @IsIn(CALENDAR_VIEW_NAMES)
  view!: CalendarViewName;

  @Field({ description: 'Any day inside the wanted day, week or month, YYYY-MM-DD.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'must be a date as YYYY-MM-DD' })
  date!: string;

  @Field(() => String, { nullable: true, description: "IANA time zone the days are cut in; the organization's by default." })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string | null;

  @Field(() => [CalendarEntryStatusEnum], { nullable: true, description: 'Default: every status.' })
  @IsOptional()
  @ArrayMaxSize(CALENDAR_ENTRY_STATUSES.length)
  @IsIn(CALENDAR_ENTRY_STATUSES, { each: true })
  statuses?: CalendarEntryStatus[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(UUID, { each: true, message: 'each must be an account id' })
  accountIds?: string[] | null;

  @Field(() => [SocialPlatformEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(SOCIAL_PLATFORMS.length)
  @IsIn(SOCIAL_PLATFORMS, { each: true })
  platforms?: SocialPlatform[] | null;
}
