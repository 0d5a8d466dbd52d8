/**
 * Wall-clock readings in an IANA time zone from the runtime's tz database (Intl). Pure: the
 * posts recurrence rules and the calendar read models both build their zone arithmetic on it.
 */
export interface WallClockTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

// Building an Intl.DateTimeFormat is costly and a zone is asked about many times per query.
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

export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields (to the second) an instant shows in a zone. */
export function wallClockAt(instant: Date, timeZone: string): WallClockTime {
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

/** A wall-clock reading as if it were UTC, in ms: the zone-free number to do arithmetic on. */
export const wallClockAsUtcMs = (local: WallClockTime): number =>
  Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);

/** Local time minus UTC at an instant, in ms. */
export function zoneOffsetAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallClockAsUtcMs(wallClockAt(new Date(wholeSecond), timeZone)) - wholeSecond;
}
