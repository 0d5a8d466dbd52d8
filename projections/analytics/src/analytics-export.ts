import type { AnalyticsOverview } from './activity.queries';
import { METRIC_NAMES, type Metrics } from './metric-math';
import type { PostAnalytics, TopPosts } from './post.queries';

export type CsvCell = string | number | boolean | null;

export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (row: T) => CsvCell;
}

/**
 * A text cell a spreadsheet would run as a formula (`=HYPERLINK(...)` in a post's text) is
 * prefixed with an apostrophe (OWASP "CSV injection"); numbers are written as they are.
 */
function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180: comma separated, CRLF line ends, a header line first. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((column) => cell(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => cell(column.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const metricColumns = <T>(metricsOf: (row: T) => Metrics): CsvColumn<T>[] =>
  METRIC_NAMES.map((name) => ({ header: name, value: (row: T) => metricsOf(row)[name] }));

const rateColumn = <T extends { engagementRate: number | null }>(): CsvColumn<T> => ({
  header: 'engagement_rate',
  value: (row) => row.engagementRate,
});

/** One line per local day of the period. */
export function overviewCsv(overview: AnalyticsOverview): string {
  type Row = AnalyticsOverview['daily'][number];
  return toCsv<Row>(
    [
      { header: 'date', value: (row) => row.date },
      ...metricColumns<Row>((row) => row.metrics),
      rateColumn<Row>(),
    ],
    overview.daily,
  );
}

/** One line per publication of the post. */
export function postCsv(post: PostAnalytics): string {
  type Row = PostAnalytics['publications'][number];
  return toCsv<Row>(
    [
      { header: 'post_id', value: () => post.postId },
      { header: 'excerpt', value: () => post.excerpt },
      { header: 'account_id', value: (row) => row.accountId },
      { header: 'platform', value: (row) => row.platform },
      { header: 'platform_post_id', value: (row) => row.platformPostId },
      { header: 'url', value: (row) => row.url },
      { header: 'published_at', value: (row) => row.publishedAt },
      { header: 'measured_at', value: (row) => row.measuredAt },
      ...metricColumns<Row>((row) => row.metrics),
      rateColumn<Row>(),
    ],
    post.publications,
  );
}

export function topPostsCsv(top: TopPosts): string {
  type Row = TopPosts['posts'][number];
  return toCsv<Row>(
    [
      { header: 'rank', value: (row) => row.rank },
      { header: 'post_id', value: (row) => row.postId },
      { header: 'excerpt', value: (row) => row.excerpt },
      { header: 'first_published_at', value: (row) => row.firstPublishedAt },
      { header: 'platforms', value: (row) => row.platforms.join(' ') },
      ...metricColumns<Row>((row) => row.metrics),
      rateColumn<Row>(),
    ],
    top.posts,
  );
}

/** Pretty JSON for downloads; the query results are plain JSON already. */
export const toJsonExport = (value: AnalyticsOverview | PostAnalytics | TopPosts): string =>
  `${JSON.stringify(value, null, 2)}\n`;
