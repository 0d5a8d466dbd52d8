/**
 * Wall-clock arithmetic in an IANA time zone with the runtime's tz database (Intl), so
 * recurrences keep their local time across DST changes.
 */
import { isValidTimeZone, type WallClockTime, wallClockAsUtcMs, wallClockAt, zoneOffsetAt } from '@herald/shared-kernel';

export { isValidTimeZone };

export type LocalDateTime = WallClockTime;

export const toLocal = wallClockAt;

const sameLocal = (a: LocalDateTime, b: LocalDateTime): boolean => wallClockAsUtcMs(a) === wallClockAsUtcMs(b);

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time names in a zone, as RFC 5545 resolves DST edge cases: a time
 * repeated by a fall-back transition means its first occurrence; a time skipped by a
 * spring-forward gap is read with the offset in force before the gap (02:30 becomes 03:30).
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const wall = wallClockAsUtcMs(local);
  const before = zoneOffsetAt(wall - DAY_MS, timeZone);
  const after = zoneOffsetAt(wall + DAY_MS, timeZone);
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
