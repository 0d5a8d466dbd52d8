import { calendarQueries } from '@herald/projections/calendar';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import { AGENCY, FIRST_DAY, LAST_DAY } from './workload';

export interface LatencyFigures {
  readonly queries: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Entries per month view, on average: what each query returned. */
  readonly meanEntries: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Every month of the workload's span, `YYYY-MM-15`, so each query asks a month that holds posts. */
export function workloadMonths(): string[] {
  const months: string[] = [];
  const end = new Date(LAST_DAY);
  for (
    let at = new Date(FIRST_DAY);
    at <= end;
    at = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1))
  ) {
    months.push(`${at.toISOString().slice(0, 7)}-15`);
  }
  return months;
}

/**
 * Month views of the agency's calendar in its own time zone, through the query functions the
 * API calls, months visited in a shuffled but fixed order (no month twice in a row), after a
 * warm-up (by default one pass over the months).
 */
export async function timeCalendarMonths(
  catalog: ProjectionCatalog,
  queries: number,
  warmUp = Number.POSITIVE_INFINITY,
): Promise<LatencyFigures> {
  const calendar = calendarQueries(catalog);
  const months = workloadMonths();
  const order = months.map((_, i) => months[(i * 7) % months.length]);
  for (const date of order.slice(0, warmUp)) await calendar.range({ organizationId: AGENCY, view: 'month', date });
  const timings: number[] = [];
  let entries = 0;
  for (let i = 0; i < queries; i++) {
    const date = order[i % order.length];
    const started = performance.now();
    const range = await calendar.range({ organizationId: AGENCY, view: 'month', date });
    timings.push(performance.now() - started);
    for (const day of range.days) entries += day.entries.length;
  }
  timings.sort((a, b) => a - b);
  return {
    queries,
    p50Ms: percentile(timings, 50),
    p95Ms: percentile(timings, 95),
    meanEntries: Math.round(entries / queries),
  };
}
