import type { PostMetrics } from '@herald/posts';

export const METRIC_NAMES = [
  'impressions',
  'reach',
  'likes',
  'comments',
  'shares',
  'saves',
  'clicks',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type Metrics = Record<MetricName, number>;

/** The interactions counted as engagement: every metric except the two audience sizes. */
export const ENGAGEMENT_METRICS: readonly MetricName[] = ['likes', 'comments', 'shares', 'saves', 'clicks'];

export const zeroMetrics = (): Metrics => ({
  impressions: 0,
  reach: 0,
  likes: 0,
  comments: 0,
  shares: 0,
  saves: 0,
  clicks: 0,
});

export const metricsOf = (source: PostMetrics | Metrics): Metrics =>
  Object.fromEntries(METRIC_NAMES.map((name) => [name, source[name]])) as Metrics;

export function addMetrics(left: Metrics, right: Metrics): Metrics {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, left[name] + right[name]])) as Metrics;
}

export function subtractMetrics(left: Metrics, right: Metrics): Metrics {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, left[name] - right[name]])) as Metrics;
}

export const engagements = (metrics: Metrics): number =>
  ENGAGEMENT_METRICS.reduce((sum, name) => sum + metrics[name], 0);

/**
 * engagement rate = (likes + comments + shares + saves + clicks) / impressions, a fraction
 * (0.042 is 4.2 %). Impressions, not reach, are the denominator: every platform reports them,
 * and summed over posts or days they stay additive, which reach (unique people) does not.
 * null when nothing was seen: 0 would rank an unmeasured post as a failure.
 */
export function engagementRate(metrics: Metrics): number | null {
  return metrics.impressions > 0 ? engagements(metrics) / metrics.impressions : null;
}

/** `$inc` of every metric under `prefix`, for additive bucket documents. */
export function incrementOf(delta: Metrics, prefix = 'metrics'): Record<string, number> {
  return Object.fromEntries(METRIC_NAMES.map((name) => [`${prefix}.${name}`, delta[name]]));
}

/** A stored metrics object, read back from a document (zeros for what is missing). */
export function readMetrics(value: unknown): Metrics {
  const source = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(
    METRIC_NAMES.map((name) => [name, typeof source[name] === 'number' ? source[name] : 0]),
  ) as Metrics;
}

export const BUCKET_MS = 15 * 60 * 1000;

/**
 * Deltas are summed into 15-minute UTC buckets. Every time zone in use today is offset from
 * UTC by a whole number of quarter hours (India +5:30, Nepal +5:45, Chatham +12:45), so each
 * bucket lies inside one local day of any zone: daily sums can be cut in the organization's
 * zone at query time, stay exact across DST changes and survive a change of the zone.
 */
export function bucketOf(instant: string): string {
  const ms = Date.parse(instant);
  return new Date(Math.floor(ms / BUCKET_MS) * BUCKET_MS).toISOString();
}
