import type { BestTimeCell } from './best-time.port';

const QUARTER_MS = 15 * 60_000;
const WEEKDAY_INDEX: Readonly<Record<string, number>> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

export interface SuggestedSlot {
  /** ISO-8601 instant (UTC). */
  readonly at: string;
  readonly timeZone: string;
  /** Wall-clock label in the organization's zone, e.g. "Tue 09:00". */
  readonly local: string;
  readonly weekday: number;
  readonly hour: number;
  readonly samples: number;
  readonly averageEngagementRate: number | null;
}

/**
 * The next instants after `after` that fall on the best weekday × hour cells in the zone, at the
 * top of the hour, in the cells' order. Walking quarter hours and reading the zone's wall clock
 * keeps DST and half-hour zones right: a skipped local hour never matches, a repeated one once.
 */
export function nextSlots(
  cells: readonly BestTimeCell[],
  timeZone: string,
  after: Date,
  count: number,
  minLeadMs = 15 * 60_000,
): SuggestedSlot[] {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
    minute: '2-digit',
  });
  const wanted = new Map(cells.map((cell) => [`${cell.weekday}-${cell.hour}`, cell]));
  const found = new Map<string, SuggestedSlot>();
  let at = Math.ceil((after.getTime() + minLeadMs) / QUARTER_MS) * QUARTER_MS;
  for (
    let step = 0;
    step < (8 * 24 + 2) * 4 && found.size < Math.min(count, cells.length);
    step++, at += QUARTER_MS
  ) {
    const parts = Object.fromEntries(
      format.formatToParts(new Date(at)).map((part) => [part.type, part.value]),
    );
    if (parts.minute !== '00') continue;
    const weekday = WEEKDAY_INDEX[parts.weekday];
    const hour = Number(parts.hour);
    const key = `${weekday}-${hour}`;
    const cell = wanted.get(key);
    if (cell === undefined || found.has(key)) continue;
    found.set(key, {
      at: new Date(at).toISOString(),
      timeZone,
      local: `${parts.weekday} ${parts.hour}:00`,
      weekday,
      hour,
      samples: cell.samples,
      averageEngagementRate: cell.averageEngagementRate,
    });
  }
  return cells
    .map((cell) => found.get(`${cell.weekday}-${cell.hour}`))
    .filter((slot): slot is SuggestedSlot => slot !== undefined)
    .slice(0, count);
}
