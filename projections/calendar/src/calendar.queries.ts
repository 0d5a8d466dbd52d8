import { SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { occurrences, type Recurrence } from '@herald/posts';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Filter } from '@herald/read-store';
import {
  allowedValues,
  idList,
  zonedClock,
  organizationSettings,
  parseLocalDate,
  requireCalendarView,
  requireOrganizationId,
  requireTimeZone,
  SLOT_STATUSES,
  zonedRange,
  type CalendarView,
  type OccurrenceSlotDocument,
  type OrganizationSettingsDocument,
  type SlotPostDocument,
  type SlotStatus,
} from '@herald/projections/support';
import { CALENDAR_COLLECTIONS, CALENDAR_PROJECTION } from './calendar.projection';

/** `planned`: a later occurrence of a recurring series, computed from its rule (nothing is stored for it yet). */
export type CalendarEntryStatus = SlotStatus | 'planned';
export const CALENDAR_ENTRY_STATUSES: readonly CalendarEntryStatus[] = [...SLOT_STATUSES, 'planned'];

export interface CalendarEntry {
  readonly id: string;
  readonly postId: string;
  /** Stored occurrences count from 0; planned ones carry the series index they will have. */
  readonly occurrence: number | null;
  readonly seriesIndex: number | null;
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly at: string;
  /** Local date and `HH:mm` in the calendar's time zone. */
  readonly localDate: string;
  readonly localTime: string;
  /** The zone the post was scheduled in (may differ from the calendar's). */
  readonly scheduledTimeZone: string;
  readonly status: CalendarEntryStatus;
  readonly excerpt: string;
  readonly title: string | null;
  readonly mediaCount: number;
  readonly thumbnailUrl: string | null;
  readonly attempts: number;
  readonly retryAt: string | null;
  readonly lastError: { readonly errorClass: string; readonly message: string } | null;
  readonly platformPostId: string | null;
  readonly url: string | null;
  readonly publishedAt: string | null;
}

export interface CalendarDay {
  readonly date: string;
  readonly entries: readonly CalendarEntry[];
}

export interface CalendarRange {
  readonly organizationId: string;
  readonly view: CalendarView;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  /** Every day of the range, empty ones included, in order. */
  readonly days: readonly CalendarDay[];
}

export interface CalendarRangeInput {
  readonly organizationId: string;
  readonly view: CalendarView;
  /** Any date inside the wanted day, week (ISO, Monday first) or month, `YYYY-MM-DD`. */
  readonly date: string;
  /** Defaults to the organization's time zone. */
  readonly timeZone?: string;
  readonly statuses?: CalendarEntryStatus | readonly CalendarEntryStatus[];
  readonly accountIds?: string | readonly string[];
  readonly platforms?: SocialPlatform | readonly SocialPlatform[];
}

/** Every `Recurrence['frequency']`: pins the open-series lookup to recurring posts, through its index. */
const RECURRING: readonly Recurrence['frequency'][] = ['daily', 'weekly', 'monthly'];

/** A planned series may not flood a month view: beyond this many computed entries the rest is left out. */
const MAX_PLANNED_ENTRIES = 2000;

export interface CalendarQueries {
  range(input: CalendarRangeInput): Promise<CalendarRange>;
}

export function calendarQueries(catalog: ProjectionCatalog): CalendarQueries {
  return {
    async range(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const view = requireCalendarView(input.view);
      const anchor = parseLocalDate(input.date);
      const statuses = allowedValues(input.statuses, CALENDAR_ENTRY_STATUSES, 'statuses');
      const accountIds = idList(input.accountIds, 'accountIds');
      const platforms = allowedValues(input.platforms, SOCIAL_PLATFORMS, 'platforms');
      const [entries, posts, organizations] = await Promise.all([
        catalog.open<OccurrenceSlotDocument>(CALENDAR_PROJECTION, CALENDAR_COLLECTIONS.entries),
        catalog.open<SlotPostDocument>(CALENDAR_PROJECTION, CALENDAR_COLLECTIONS.posts),
        catalog.open<OrganizationSettingsDocument>(CALENDAR_PROJECTION, CALENDAR_COLLECTIONS.organizations),
      ]);
      const timeZone = input.timeZone === undefined ? (await organizationSettings(organizations, organizationId)).timeZone : requireTimeZone(input.timeZone);
      const range = zonedRange(view, anchor, timeZone);
      const wants = (status: CalendarEntryStatus): boolean => statuses === undefined || statuses.includes(status);

      const filter: Filter<OccurrenceSlotDocument> = { organizationId, at: { $gte: range.from, $lt: range.to } };
      const storedStatuses = (statuses ?? SLOT_STATUSES).filter((status): status is SlotStatus => status !== 'planned');
      if (statuses !== undefined) filter.status = { $in: storedStatuses };
      if (accountIds !== undefined) filter.accountId = { $in: accountIds };
      if (platforms !== undefined) filter.platform = { $in: platforms };
      const stored = statuses !== undefined && storedStatuses.length === 0 ? [] : await entries.find(filter, { sort: { at: 1 } });

      const clock = zonedClock(timeZone);
      const found: CalendarEntry[] = stored.map((slot) => storedEntry(slot, clock));
      if (wants('planned')) {
        const series = await posts.find({
          organizationId,
          'schedule.open': true,
          'schedule.recurrence.frequency': { $in: RECURRING },
          deleted: false,
        });
        const targetWanted = (accountId: string, platform: SocialPlatform): boolean =>
          (accountIds === undefined || accountIds.includes(accountId)) && (platforms === undefined || platforms.includes(platform));
        found.push(...plannedEntries(series, range.from, range.to, clock, targetWanted));
      }
      found.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

      const byDay = new Map<string, CalendarEntry[]>(range.days.map((day) => [day, []]));
      for (const entry of found) byDay.get(entry.localDate)?.push(entry);
      return {
        organizationId,
        view,
        timeZone,
        from: range.from,
        to: range.to,
        days: range.days.map((date) => ({ date, entries: byDay.get(date) ?? [] })),
      };
    },
  };
}

type LocalClock = ReturnType<typeof zonedClock>;

function storedEntry(slot: OccurrenceSlotDocument, clock: LocalClock): CalendarEntry {
  const local = clock(slot.at);
  return {
    id: slot._id,
    postId: slot.postId,
    occurrence: slot.occurrence,
    seriesIndex: null,
    accountId: slot.accountId,
    platform: slot.platform,
    at: slot.at,
    localDate: local.date,
    localTime: local.time,
    scheduledTimeZone: slot.timeZone,
    status: slot.status,
    excerpt: slot.excerpt,
    title: slot.title,
    mediaCount: slot.mediaCount,
    thumbnailUrl: slot.thumbnailUrl,
    attempts: slot.attempts,
    retryAt: slot.retryAt,
    lastError: slot.lastError,
    platformPostId: slot.platformPostId,
    url: slot.url,
    publishedAt: slot.publishedAt,
  };
}

/**
 * Occurrences of open recurring series after the stored (current) one, inside [from, to), from
 * the same rule the aggregate uses, so the calendar and the publisher agree on every instant.
 */
function plannedEntries(
  posts: readonly SlotPostDocument[],
  from: string,
  to: string,
  clock: LocalClock,
  wanted: (accountId: string, platform: SocialPlatform) => boolean,
): CalendarEntry[] {
  const result: CalendarEntry[] = [];
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  for (const post of posts) {
    const schedule = post.schedule;
    if (schedule === null || schedule.recurrence === null) continue;
    const targets = post.targets.filter((target) => wanted(target.accountId, target.platform));
    if (targets.length === 0) continue;
    const currentMs = Date.parse(schedule.at);
    for (const next of occurrences(schedule.recurrence, new Date(schedule.seriesStart), schedule.timeZone)) {
      const atMs = next.at.getTime();
      if (atMs >= toMs || result.length >= MAX_PLANNED_ENTRIES) break;
      if (next.index <= schedule.seriesIndex || atMs <= currentMs || atMs < fromMs) continue;
      const at = next.at.toISOString();
      const local = clock(at);
      for (const target of targets) {
        result.push({
          id: `${post._id}:planned:${next.index}:${target.accountId}`,
          postId: post._id,
          occurrence: null,
          seriesIndex: next.index,
          accountId: target.accountId,
          platform: target.platform,
          at,
          localDate: local.date,
          localTime: local.time,
          scheduledTimeZone: schedule.timeZone,
          status: 'planned',
          excerpt: post.excerpt,
          title: post.title,
          mediaCount: post.mediaCount,
          thumbnailUrl: post.thumbnailUrl,
          attempts: 0,
          retryAt: null,
          lastError: null,
          platformPostId: null,
          url: null,
          publishedAt: null,
        });
      }
    }
  }
  return result;
}
