import { Args, Query, Resolver } from '@nestjs/graphql';
import { MEMBER_ROLES } from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import {
  calendarQueries,
  type CalendarEntry as CalendarEntryView,
  type CalendarQueries,
} from '@herald/projections/calendar';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import type { HeraldRequestContext } from '../graphql/request-context';
import { postActorOf } from '../posts/post-actor';
import { CalendarArgs } from './calendar.inputs';
import { Calendar, type CalendarEntry, type CalendarViewName } from './calendar.models';

const VIEWS = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const satisfies Record<CalendarViewName, string>;

/** The content calendar, from the calendar read model, cut into local days at query time. */
@Resolver(() => Calendar)
export class CalendarResolver {
  private readonly queries: CalendarQueries;

  constructor(catalog: ProjectionCatalog) {
    this.queries = calendarQueries(catalog);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => Calendar, { description: "Your organization's posts per local day over a day, week or month." })
  async calendar(@Args() args: CalendarArgs, @RequestContext() context: HeraldRequestContext): Promise<Calendar> {
    const range = await this.queries.range({
      organizationId: postActorOf(context).organizationId,
      view: VIEWS[args.view],
      date: args.date,
      ...(args.timeZone ? { timeZone: args.timeZone } : {}),
      ...(args.statuses ? { statuses: args.statuses } : {}),
      ...(args.accountIds ? { accountIds: args.accountIds } : {}),
      ...(args.platforms ? { platforms: args.platforms } : {}),
    });
    return {
      view: args.view,
      timeZone: range.timeZone,
      from: new Date(range.from),
      to: new Date(range.to),
      days: range.days.map((day) => ({ date: day.date, entries: day.entries.map(toEntry) })),
    };
  }
}

function toEntry(entry: CalendarEntryView): CalendarEntry {
  return {
    id: entry.id,
    postId: entry.postId,
    occurrence: entry.occurrence,
    accountId: entry.accountId,
    platform: entry.platform,
    at: new Date(entry.at),
    localDate: entry.localDate,
    localTime: entry.localTime,
    scheduledTimeZone: entry.scheduledTimeZone,
    status: entry.status,
    excerpt: entry.excerpt,
    title: entry.title,
    mediaCount: entry.mediaCount,
    thumbnailUrl: entry.thumbnailUrl,
    attempts: entry.attempts,
    lastError: entry.lastError === null ? null : { ...entry.lastError },
    url: entry.url,
    publishedAt: entry.publishedAt === null ? null : new Date(entry.publishedAt),
  };
}
