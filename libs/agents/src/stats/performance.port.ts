export type MetricFigures = Readonly<Record<string, number>>;

export interface DailyPerformance {
  /** Local date `YYYY-MM-DD` in the organization's zone. */
  readonly date: string;
  readonly metrics: MetricFigures;
  readonly engagementRate: number | null;
}

export interface PerformancePeriod {
  readonly timeZone: string;
  readonly days: readonly DailyPerformance[];
  readonly byPlatform: readonly { platform: string; metrics: MetricFigures; engagementRate: number | null }[];
}

/** Daily figures over a period, from the analytics projection (`overview`). */
export interface PerformanceSource {
  daily(query: { organizationId: string; from: string; to: string }): Promise<PerformancePeriod>;
}
