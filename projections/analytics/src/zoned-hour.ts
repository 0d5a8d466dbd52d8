/**
 * The ISO weekday (1 = Monday … 7 = Sunday) and hour (0–23) an instant shows on a wall clock in
 * an IANA zone, from the runtime's tz database: the offset in force at that very instant is
 * used, so posts on either side of a DST change land in the hour people saw.
 */
export interface WeekdayHour {
  readonly weekday: number;
  readonly hour: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

export function weekdayHourOf(instant: string, timeZone: string): WeekdayHour {
  let weekday = 0;
  let hour = -1;
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 0;
    if (part.type === 'hour') hour = Number(part.value);
  }
  if (weekday === 0 || !(hour >= 0 && hour <= 23))
    throw new Error(`Cannot read the weekday and hour of ${instant} in ${timeZone}`);
  return { weekday, hour };
}
