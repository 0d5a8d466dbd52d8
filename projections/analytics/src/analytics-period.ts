import { HeraldError } from '@herald/shared-kernel';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import {
  addDays,
  formatLocalDate,
  organizationSettings,
  parseLocalDate,
  requireOrganizationId,
  startOfLocalDay,
  type OrganizationSettingsDocument,
} from '@herald/projections/support';
import { ANALYTICS_COLLECTIONS as C, ANALYTICS_PROJECTION } from './analytics.documents';

/** Local calendar dates, both inclusive, in the organization's time zone. */
export interface PeriodInput {
  readonly organizationId: string;
  /** `YYYY-MM-DD` */
  readonly from: string;
  /** `YYYY-MM-DD`, inclusive. */
  readonly to: string;
}

export interface ResolvedPeriod {
  readonly organizationId: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  /** Every local date of the period, in order. */
  readonly days: readonly string[];
  /** First instant of `from` (inclusive), ISO-8601 UTC. */
  readonly start: string;
  /** First instant after `to` (exclusive), ISO-8601 UTC. */
  readonly end: string;
}

/** Bounds the work of one query: a little over a year of days. */
export const MAX_PERIOD_DAYS = 400;

export async function organizationTimeZone(
  catalog: ProjectionCatalog,
  organizationId: string,
): Promise<string> {
  const settings = await catalog.open<OrganizationSettingsDocument>(ANALYTICS_PROJECTION, C.settings);
  return (await organizationSettings(settings, organizationId)).timeZone;
}

export async function resolvePeriod(catalog: ProjectionCatalog, input: PeriodInput): Promise<ResolvedPeriod> {
  const organizationId = requireOrganizationId(input.organizationId);
  const from = parseLocalDate(input.from, 'from');
  const to = parseLocalDate(input.to, 'to');
  const days: string[] = [];
  for (let day = from; formatLocalDate(day) <= formatLocalDate(to); day = addDays(day, 1)) {
    days.push(formatLocalDate(day));
    if (days.length > MAX_PERIOD_DAYS) {
      throw new HeraldError('VALIDATION.FAILED', `A period spans at most ${MAX_PERIOD_DAYS} days.`, {
        field: 'to',
      });
    }
  }
  if (days.length === 0)
    throw new HeraldError('VALIDATION.FAILED', '`to` must not be before `from`.', { field: 'to' });
  const timeZone = await organizationTimeZone(catalog, organizationId);
  return {
    organizationId,
    timeZone,
    from: formatLocalDate(from),
    to: formatLocalDate(to),
    days,
    start: startOfLocalDay(from, timeZone).toISOString(),
    end: startOfLocalDay(addDays(to, 1), timeZone).toISOString(),
  };
}
