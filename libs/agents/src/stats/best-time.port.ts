/**
 * The organization's own best-time heatmap, as the analytics projection computes it
 * (`@herald/projections/analytics` → `bestTimeToPost`). Kept as a port so the smart scheduler
 * does not depend on a read store; `analyticsBestTimeSource` adapts the projection's queries.
 */
export interface BestTimeCell {
  /** ISO weekday in the organization's zone: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  readonly hour: number;
  readonly samples: number;
  readonly averageEngagementRate: number | null;
}

export interface BestTimes {
  readonly timeZone: string;
  /** Strongest slots first, each with enough samples to be trusted. */
  readonly best: readonly BestTimeCell[];
  readonly minSamples: number;
}

export interface BestTimeQuery {
  readonly organizationId: string;
  /** Local dates `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly platform?: string;
  readonly minSamples?: number;
  readonly top?: number;
}

export interface BestTimeSource {
  bestTimes(query: BestTimeQuery): Promise<BestTimes>;
}
