import type { SocialPlatform } from '@herald/accounts';
import type { AnalyticsQueries } from '@herald/projections/analytics';
import type { BestTimeSource } from './best-time.port';
import type { PerformanceSource } from './performance.port';

/** The analytics projection's queries as the agents' read sources. */
export function analyticsBestTimeSource(queries: Pick<AnalyticsQueries, 'bestTimeToPost'>): BestTimeSource {
  return {
    bestTimes: async (query) => {
      const heatmap = await queries.bestTimeToPost({
        organizationId: query.organizationId,
        from: query.from,
        to: query.to,
        ...(query.platform === undefined ? {} : { platform: query.platform as SocialPlatform }),
        ...(query.minSamples === undefined ? {} : { minSamples: query.minSamples }),
        ...(query.top === undefined ? {} : { top: query.top }),
      });
      return { timeZone: heatmap.timeZone, best: heatmap.best, minSamples: heatmap.minSamples };
    },
  };
}

export function analyticsPerformanceSource(queries: Pick<AnalyticsQueries, 'overview'>): PerformanceSource {
  return {
    daily: async (query) => {
      const overview = await queries.overview(query);
      return {
        timeZone: overview.timeZone,
        days: overview.daily.map((day) => ({
          date: day.date,
          metrics: { ...day.metrics },
          engagementRate: day.engagementRate,
        })),
        byPlatform: overview.byPlatform.map((entry) => ({
          platform: entry.platform,
          metrics: { ...entry.metrics },
          engagementRate: entry.engagementRate,
        })),
      };
    },
  };
}
