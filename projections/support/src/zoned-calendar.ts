import { HeraldError, isValidTimeZone, wallClockAt, zoneOffsetAt } from '@herald/shared-kernel';

export { isValidTimeZone };

/**
 * Calendar days in an IANA time zone, with the runtime's tz database (Intl). Read models store
 * UTC instants; a day, week or month is turned into UTC bounds at query time, so one stored
 * entry serves every zone and a DST change never needs a rebuild.
 */
export interface LocalDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

export const CALENDAR_VIEWS = ['day', 'week', 'month'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

export interface ZonedRange {
  readonly view: CalendarView;
  readonly timeZone: string;
  /** First instant of the first day (inclusive), ISO-8601 UTC. */
  readonly from: string;
  /** First instant after the last day (exclusive), ISO-8601 UTC. */
  readonly to: string;
  /** Every local date of the range, `YYYY-MM-DD`, in order. */
  readonly days: readonly string[];
}

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function requireTimeZone(timeZone: unknown, field = 'timeZone'): string {
  if (!isValidTimeZone(timeZone)) {
    throw new HeraldError('VALIDATION.FAILED', `"${String(timeZone)}" is not an IANA time zone (e.g. Europe/Paris).`, { field });
  }
  return timeZone;
}

/** Wall-clock fields of an instant in a zone; the time as ms since local midnight. */
function wallClock(instantMs: number, timeZone: string): { date: LocalDate; msOfDay: number } {
  const { year, month, day, hour, minute, second } = wallClockAt(new Date(instantMs), timeZone);
  return {
    date: { year, month, day },
    msOfDay: ((hour * 60 + minute) * 60 + second) * 1000 + (instantMs % 1000 + 1000) % 1000,
  };
}

const dayNumber = (date: LocalDate): number => Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;

export function formatLocalDate(date: LocalDate): string {
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function parseLocalDate(value: unknown, field = 'date'): LocalDate {
  const match = typeof value === 'string' ? LOCAL_DATE.exec(value) : null;
  if (match !== null) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
    if (check.getUTCFullYear() === date.year && check.getUTCMonth() + 1 === date.month && check.getUTCDate() === date.day) return date;
  }
  throw new HeraldError('VALIDATION.FAILED', `"${String(value)}" is not a calendar date (YYYY-MM-DD).`, { field });
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: LocalDate): number {
  return ((new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7) + 1;
}

/** The local date of an instant in a zone, `YYYY-MM-DD`. */
export function localDateOf(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return formatLocalDate(wallClock(ms, timeZone).date);
}

/**
 * `localDateOf` and `localTimeOf` for many instants in one zone (a calendar month holds
 * thousands): the zone's offset is looked up once per UTC hour, the rest is arithmetic. An hour
 * whose first and last millisecond share an offset keeps it throughout, since tz rules never
 * change an offset twice within an hour; an hour with a transition is looked up per instant.
 */
export function zonedClock(timeZone: string): (instant: string) => { readonly date: string; readonly time: string } {
  const HOUR_MS = 3_600_000;
  const offsets = new Map<number, number | null>();
  return (instant) => {
    const ms = Date.parse(instant);
    const hour = Math.floor(ms / HOUR_MS);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const start = zoneOffsetAt(hour * HOUR_MS, timeZone);
      offset = start === zoneOffsetAt(hour * HOUR_MS + HOUR_MS - 1, timeZone) ? start : null;
      offsets.set(hour, offset);
    }
    const local = new Date(ms + (offset ?? zoneOffsetAt(ms, timeZone)));
    const pad = (value: number): string => String(value).padStart(2, '0');
    return {
      date: formatLocalDate({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() }),
      time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    };
  };
}

/** The local wall-clock time of an instant in a zone, `HH:mm`. */
export function localTimeOf(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const minutes = Math.floor(wallClock(ms, timeZone).msOfDay / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The first instant whose local date is `date`. Usually local midnight; where a DST change
 * skips midnight (America/Santiago in September) the day begins at the transition, and where
 * one repeats the hour before midnight the day begins once the repeat is over. Both candidate
 * offsets (the day before's and the day after's) are tried: one of them is right.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const wall = dayNumber(date) * DAY_MS;
  const target = formatLocalDate(date);
  const candidates = [zoneOffsetAt(wall - DAY_MS, timeZone), zoneOffsetAt(wall + DAY_MS, timeZone)]
    .map((offset) => wall - offset)
    .filter((candidate) => formatLocalDate(wallClock(candidate, timeZone).date) === target);
  if (candidates.length === 0) {
    // Only a zone changing its offset by a whole day lands here (Pacific/Apia skipped 2011-12-30).
    throw new HeraldError('VALIDATION.FAILED', `${target} does not exist in ${timeZone}.`, { field: 'date' });
  }
  return new Date(Math.min(...candidates));
}

function firstDayOf(view: CalendarView, anchor: LocalDate): { first: LocalDate; count: number } {
  switch (view) {
    case 'day':
      return { first: anchor, count: 1 };
    case 'week':
      return { first: addDays(anchor, 1 - isoWeekday(anchor)), count: 7 };
    case 'month': {
      const count = new Date(Date.UTC(anchor.year, anchor.month, 0)).getUTCDate();
      return { first: { year: anchor.year, month: anchor.month, day: 1 }, count };
    }
  }
}

/** The day, ISO week (Monday first) or month holding `anchor`, as UTC bounds in `timeZone`. */
export function zonedRange(view: CalendarView, anchor: LocalDate, timeZone: string): ZonedRange {
  const { first, count } = firstDayOf(view, anchor);
  const days = Array.from({ length: count }, (_, index) => formatLocalDate(addDays(first, index)));
  return {
    view,
    timeZone,
    from: startOfLocalDay(first, timeZone).toISOString(),
    to: startOfLocalDay(addDays(first, count), timeZone).toISOString(),
    days,
  };
}

export function requireCalendarView(view: unknown): CalendarView {
  if (typeof view === 'string' && (CALENDAR_VIEWS as readonly string[]).includes(view)) return view as CalendarView;
  throw new HeraldError('VALIDATION.FAILED', `The calendar view must be one of ${CALENDAR_VIEWS.join(', ')}.`, { field: 'view' });
}
