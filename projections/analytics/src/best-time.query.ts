import type { SocialPlatform } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Filter } from '@herald/read-store';
import {
  ANALYTICS_COLLECTIONS as C,
  ANALYTICS_PROJECTION,
  type PublicationDocument,
} from './analytics.documents';
import { resolvePeriod, type PeriodInput } from './analytics-period';
import { engagementRate, readMetrics } from './metric-math';
import { weekdayHourOf } from './zoned-hour';

export interface BestTimeInput extends PeriodInput {
  readonly platform?: SocialPlatform;
  readonly accountId?: string;
  /** Cells with fewer measured publications are left out of `best` (default 3). */
  readonly minSamples?: number;
  /** How many cells `best` lists (default 5). */
  readonly top?: number;
}

export interface HeatmapCell {
  /** ISO weekday in the organization's zone: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** 0–23 on the organization's wall clock. */
  readonly hour: number;
  /** Measured publications published in this slot. */
  readonly samples: number;
  /** Mean of the samples' engagement rates; null without samples. */
  readonly averageEngagementRate: number | null;
  readonly impressions: number;
}

export interface BestTimeHeatmap {
  readonly organizationId: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  /** 168 cells, Monday 00:00 first. */
  readonly cells: HeatmapCell[];
  /** The strongest cells with at least `minSamples` samples, best first. */
  readonly best: HeatmapCell[];
  readonly minSamples: number;
}

function wholeNumber(
  value: number | undefined,
  fallback: number,
  field: string,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HeraldError('VALIDATION.FAILED', `${field} must be a whole number from ${min} to ${max}.`, {
      field,
    });
  }
  return value;
}

/**
 * Best time to post, from the organization's own results: every publication published in the
 * period and measured at least once (impressions > 0) is a sample in the weekday × hour cell its
 * publication instant shows in the organization's current time zone. A cell's score is the mean
 * engagement rate of its samples: each publication counts once, however large its audience,
 * so one viral post does not paint its hour for good; `samples` says how much to trust it.
 */
export async function bestTimeToPost(
  catalog: ProjectionCatalog,
  input: BestTimeInput,
): Promise<BestTimeHeatmap> {
  const period = await resolvePeriod(catalog, input);
  const minSamples = wholeNumber(input.minSamples, 3, 'minSamples', 1, 10_000);
  const top = wholeNumber(input.top, 5, 'top', 1, 168);
  const filter: Filter<PublicationDocument> = {
    organizationId: period.organizationId,
    publishedAt: { $gte: period.start, $lt: period.end },
    'metrics.impressions': { $gt: 0 },
  };
  if (input.platform !== undefined) filter.platform = input.platform;
  if (input.accountId !== undefined) filter.accountId = input.accountId;
  const publications = await catalog.open<PublicationDocument>(ANALYTICS_PROJECTION, C.publications);
  const found = await publications.find(filter, { projection: { publishedAt: 1, metrics: 1 } });
  const sums = Array.from({ length: 168 }, () => ({ samples: 0, rates: 0, impressions: 0 }));
  for (const publication of found) {
    const metrics = readMetrics(publication.metrics);
    const rate = engagementRate(metrics);
    if (rate === null) continue;
    const { weekday, hour } = weekdayHourOf(publication.publishedAt, period.timeZone);
    const cell = sums[(weekday - 1) * 24 + hour];
    cell.samples += 1;
    cell.rates += rate;
    cell.impressions += metrics.impressions;
  }
  const cells: HeatmapCell[] = sums.map((sum, index) => ({
    weekday: Math.floor(index / 24) + 1,
    hour: index % 24,
    samples: sum.samples,
    averageEngagementRate: sum.samples === 0 ? null : sum.rates / sum.samples,
    impressions: sum.impressions,
  }));
  const best = cells
    .filter((cell) => cell.samples >= minSamples)
    .sort(
      (a, b) =>
        (b.averageEngagementRate ?? 0) - (a.averageEngagementRate ?? 0) ||
        b.samples - a.samples ||
        a.weekday - b.weekday ||
        a.hour - b.hour,
    )
    .slice(0, top);
  return {
    organizationId: period.organizationId,
    timeZone: period.timeZone,
    from: period.from,
    to: period.to,
    cells,
    best,
    minSamples,
  };
}
