import { HeraldError } from '@herald/shared-kernel';
import { type Recurrence, WEEKDAYS } from '../post.types';
import { addDays, daysInMonth, fromLocal, isoWeekdayIndex, type LocalDateTime, toLocal } from './zoned-time';

/** Bounds the search so a rule that never matches cannot loop forever. */
const MAX_CANDIDATES = 100_000;
const MAX_INTERVAL = 366;

function invalid(message: string, details: Record<string, unknown>): never {
  throw new HeraldError('POST.INVALID_RECURRENCE', message, details);
}

export function validateRecurrence(rule: Recurrence, start: Date): void {
  if (!['daily', 'weekly', 'monthly'].includes(rule.frequency)) {
    invalid(`Repeat frequency must be daily, weekly or monthly, not "${String(rule.frequency)}".`, {
      field: 'frequency',
    });
  }
  if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > MAX_INTERVAL) {
    invalid(`Repeat interval must be a whole number from 1 to ${MAX_INTERVAL}; got ${rule.interval}.`, {
      field: 'interval',
    });
  }
  if (rule.byWeekday !== null) {
    if (rule.frequency !== 'weekly')
      invalid('Weekdays can only be chosen for a weekly repeat.', { field: 'byWeekday' });
    if (rule.byWeekday.length === 0 || rule.byWeekday.some((day) => !WEEKDAYS.includes(day))) {
      invalid(`Weekdays must be a non-empty list of ${WEEKDAYS.join(', ')}.`, { field: 'byWeekday' });
    }
  }
  if (rule.until !== null && rule.count !== null)
    invalid('Give either an end date or a number of occurrences, not both.', { field: 'until' });
  if (rule.count !== null && (!Number.isInteger(rule.count) || rule.count < 1)) {
    invalid(`The number of occurrences must be a whole number of at least 1; got ${rule.count}.`, {
      field: 'count',
    });
  }
  if (rule.until !== null) {
    const until = new Date(rule.until);
    if (Number.isNaN(until.getTime()))
      invalid('The repeat end date must be an ISO-8601 instant.', { field: 'until' });
    if (until.getTime() < start.getTime())
      invalid(`The repeat ends (${rule.until}) before the first occurrence (${start.toISOString()}).`, {
        field: 'until',
      });
  }
}

function* candidateDays(rule: Recurrence, first: LocalDateTime): Generator<LocalDateTime> {
  switch (rule.frequency) {
    case 'daily':
      for (let k = 0; ; k++) yield addDays(first, k * rule.interval);
    case 'weekly': {
      const startIndex = isoWeekdayIndex(first);
      const weekStart = addDays(first, -startIndex);
      const days = (rule.byWeekday ?? [WEEKDAYS[startIndex]])
        .map((day) => WEEKDAYS.indexOf(day))
        .sort((a, b) => a - b);
      for (let week = 0; ; week++) {
        for (const day of new Set(days)) {
          const candidate = addDays(weekStart, week * 7 * rule.interval + day);
          if (week === 0 && day < startIndex) continue;
          yield candidate;
        }
      }
    }
    case 'monthly':
      // RFC 5545: a month without the start's day (the 31st in April) is skipped, not clamped.
      for (let k = 0; ; k++) {
        const monthIndex = first.month - 1 + k * rule.interval;
        const year = first.year + Math.floor(monthIndex / 12);
        const month = (monthIndex % 12) + 1;
        if (first.day <= daysInMonth(year, month)) yield { ...first, year, month };
      }
  }
}

/**
 * The occurrences of a schedule, the first being its start instant (RRULE's DTSTART), each at the
 * start's wall-clock time in `timeZone` — 09:00 in Paris stays 09:00 across daylight saving.
 */
export function* occurrences(
  rule: Recurrence,
  start: Date,
  timeZone: string,
): Generator<{ readonly index: number; readonly at: Date }> {
  const first = toLocal(start, timeZone);
  const until = rule.until === null ? null : new Date(rule.until).getTime();
  // The start is always the first occurrence, even when it does not match BYDAY (as calendars do).
  yield { index: 0, at: start };
  let index = 1;
  let examined = 0;
  for (const day of candidateDays(rule, first)) {
    if (++examined > MAX_CANDIDATES) return;
    const at = fromLocal(day, timeZone);
    if (at.getTime() <= start.getTime()) continue;
    if (until !== null && at.getTime() > until) return;
    if (rule.count !== null && index >= rule.count) return;
    yield { index, at };
    index++;
  }
}

/** The first occurrence strictly after `after`, or null when the series has ended. */
export function nextOccurrenceAfter(
  rule: Recurrence,
  start: Date,
  timeZone: string,
  after: Date,
): { index: number; at: Date } | null {
  for (const occurrence of occurrences(rule, start, timeZone)) {
    if (occurrence.at.getTime() > after.getTime()) return occurrence;
  }
  return null;
}
