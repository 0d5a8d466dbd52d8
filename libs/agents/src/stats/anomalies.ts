export interface SeriesPoint {
  readonly date: string;
  readonly value: number;
}

export interface Anomaly {
  readonly date: string;
  readonly metric: string;
  readonly value: number;
  /** The median of the trailing window it was compared with. */
  readonly expected: number;
  readonly direction: 'spike' | 'drop';
  /** Robust z-score (median and MAD), so one earlier outlier does not hide the next. */
  readonly score: number;
}

const MIN_BASELINE = 5;
const WINDOW = 14;
const THRESHOLD = 3.5;

/** Iglewicz–Hoaglin modified z-scores of each point against its trailing window. */
export function detectAnomalies(metric: string, series: readonly SeriesPoint[]): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (let index = MIN_BASELINE; index < series.length; index++) {
    const window = series.slice(Math.max(0, index - WINDOW), index).map((point) => point.value);
    const median = medianOf(window);
    const mad = medianOf(window.map((value) => Math.abs(value - median)));
    const { value, date } = series[index];
    // A flat baseline has no spread: fall back to the mean absolute deviation, then to a relative jump.
    const spread = mad > 0 ? mad / 0.6745 : meanAbsoluteDeviation(window, median) * 1.2533;
    let score: number;
    if (spread > 0) score = (value - median) / spread;
    else if (median > 0)
      score = Math.abs(value - median) / median >= 0.5 ? Math.sign(value - median) * THRESHOLD : 0;
    else score = value > 0 ? THRESHOLD : 0;
    if (Math.abs(score) >= THRESHOLD) {
      anomalies.push({
        date,
        metric,
        value,
        expected: median,
        direction: score > 0 ? 'spike' : 'drop',
        score: Math.round(score * 100) / 100,
      });
    }
  }
  return anomalies;
}

function medianOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle];
}

function meanAbsoluteDeviation(values: readonly number[], center: number): number {
  return values.length === 0
    ? 0
    : values.reduce((sum, value) => sum + Math.abs(value - center), 0) / values.length;
}
