import type { LatencyFigures } from './calendar-latency';

export interface RebuildRow {
  readonly projection: string;
  readonly contender: string;
  readonly logEvents: number;
  readonly handled: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly documents: number;
  /** Why this row measured fewer events than the others, when it did. */
  readonly note?: string;
}

export interface LatencyRow extends LatencyFigures {
  readonly store: string;
}

export const REBUILD_TARGET = 100_000;
export const CALENDAR_P95_TARGET_MS = 10;

const int = (value: number): string => Math.round(value).toLocaleString('en-US');
const rate = (row: RebuildRow): number => row.logEvents / row.seconds;

function table(headers: readonly string[], rows: readonly string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** `MET by …` / `MISSED by …`: how far the figure is on the right or wrong side of the target. */
export function verdict(
  value: number | undefined,
  target: number,
  higherIsBetter: boolean,
  unit: string,
  digits = 0,
): string {
  if (value === undefined || !Number.isFinite(value)) return 'MISSED (not measured)';
  const format = (n: number) => (digits === 0 ? int(n) : n.toFixed(digits));
  const met = higherIsBetter ? value >= target : value <= target;
  const gap = Math.abs(value - target);
  const share = ((gap / target) * 100).toFixed(0);
  return `${met ? 'MET' : 'MISSED'} by ${format(gap)} ${unit} (${share}%): measured ${format(value)} ${unit}, target ${higherIsBetter ? '≥' : '≤'} ${format(target)} ${unit}`;
}

export function rebuildTable(rows: readonly RebuildRow[], peer: RebuildRow | undefined): string {
  return table(
    [
      'projection',
      'contender',
      'log events',
      'handled',
      'seconds',
      'log events/s',
      'handled/s',
      'CPU s',
      'events/CPU s',
      'vs peer',
      'documents',
    ],
    rows.map((row) => [
      row.projection,
      row.contender,
      int(row.logEvents),
      int(row.handled),
      row.seconds.toFixed(1),
      int(rate(row)),
      int(row.handled / row.seconds),
      row.cpuSeconds.toFixed(1),
      int(row.logEvents / row.cpuSeconds),
      peer !== undefined && row.projection === peer.projection
        ? `${(rate(row) / rate(peer)).toFixed(1)}×`
        : '—',
      int(row.documents),
    ]),
  );
}

export function latencyTable(rows: readonly LatencyRow[]): string {
  return table(
    ['query', 'store', 'queries', 'p50 ms', 'p95 ms', 'entries/month'],
    rows.map((row) => [
      'calendar month',
      row.store,
      int(row.queries),
      row.p50Ms.toFixed(2),
      row.p95Ms.toFixed(2),
      int(row.meanEntries),
    ]),
  );
}

export function targetLines(rows: readonly RebuildRow[], latency: readonly LatencyRow[]): string[] {
  const lines: string[] = [];
  for (const row of rows.filter((each) => each.contender === 'herald embedded')) {
    lines.push(
      `embedded rebuild (${row.projection}) ≥ ${int(REBUILD_TARGET)} log events/s: ${verdict(rate(row), REBUILD_TARGET, true, 'events/s')}`,
    );
  }
  if (!rows.some((row) => row.contender === 'herald embedded'))
    lines.push(
      `embedded rebuild ≥ ${int(REBUILD_TARGET)} events/s: ${verdict(undefined, REBUILD_TARGET, true, 'events/s')}`,
    );
  const embedded = latency.find((row) => row.store === 'embedded');
  lines.push(
    `embedded calendar month p95 ≤ ${CALENDAR_P95_TARGET_MS} ms: ${verdict(embedded?.p95Ms, CALENDAR_P95_TARGET_MS, false, 'ms', 2)}`,
  );
  return lines;
}
