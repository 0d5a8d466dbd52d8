/**
 * Wall-clock arithmetic in an IANA time zone with the runtime's tz database (Intl), so
 * recurrences keep their local time across DST changes.
 */
export interface LocalDateTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const asUtcMs = (local: LocalDateTime): number =>
  Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);

/** Local time minus UTC at that instant, in ms. */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return asUtcMs(toLocal(new Date(wholeSecond), timeZone)) - wholeSecond;
}

const sameLocal = (a: LocalDateTime, b: LocalDateTime): boolean => asUtcMs(a) === asUtcMs(b);

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time names in a zone, as RFC 5545 resolves DST edge cases: a time
 * repeated by a fall-back transition means its first occurrence; a time skipped by a
 * spring-forward gap is read with the offset in force before the gap (02:30 becomes 03:30).
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const wall = asUtcMs(local);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const matches = [wall - before, wall - after].filter((candidate) =>
    sameLocal(toLocal(new Date(candidate), timeZone), local),
  );
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(wall - before);
}

/** Calendar arithmetic on a local date, independent of any zone. */
export function addDays(local: LocalDateTime, days: number): LocalDateTime {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { ...local, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday (ISO order, as RRULE's BYDAY). */
export function isoWeekdayIndex(local: LocalDateTime): number {
  return (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
