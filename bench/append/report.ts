import type { RunMeasurement } from './workload';

export type ContenderName = 'herald' | 'emmett-sqlite' | 'ceiling';

export interface ContenderResult {
  readonly contender: ContenderName;
  readonly writers: number;
  readonly measurement: RunMeasurement;
  /** Appends the contender failed and the bench retried (the peer's known race); their time is in the latency. */
  readonly retries?: number;
}

export const TARGET_WRITERS = 64;
export const TARGET_TIMES_PEER = 3;
export const TARGET_SHARE_OF_CEILING = 0.3;

export interface TargetVerdict {
  readonly met: boolean;
  readonly line: string;
}

const rate = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

function find(
  results: readonly ContenderResult[],
  contender: ContenderName,
  writers: number,
): ContenderResult | undefined {
  return results.find((result) => result.contender === contender && result.writers === writers);
}

export function formatTable(results: readonly ContenderResult[]): string {
  const header = [
    'contender',
    'writers',
    'appends',
    'appends/s',
    'p50 ms',
    'p99 ms',
    'vs peer',
    'vs ceiling',
  ];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, index) => (index < 2 ? '---' : '---:')).join('|')}|`,
  ];
  for (const result of results) {
    const { measurement: m } = result;
    const peer = find(results, 'emmett-sqlite', result.writers);
    const ceiling = find(results, 'ceiling', result.writers);
    const vsPeer =
      peer === undefined ? '–' : `${(m.appendsPerSecond / peer.measurement.appendsPerSecond).toFixed(2)}×`;
    const vsCeiling =
      ceiling === undefined
        ? '–'
        : `${((m.appendsPerSecond / ceiling.measurement.appendsPerSecond) * 100).toFixed(1)}%`;
    const cells = [
      result.contender,
      String(result.writers),
      String(m.appends),
      rate(m.appendsPerSecond),
      ms(m.latency.p50Ms),
      ms(m.latency.p99Ms),
      vsPeer,
      vsCeiling,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Both targets of the issue at 64 writers; a missing measurement is a miss, never a pass. */
export function evaluateTargets(results: readonly ContenderResult[]): TargetVerdict[] {
  const herald = find(results, 'herald', TARGET_WRITERS);
  const peer = find(results, 'emmett-sqlite', TARGET_WRITERS);
  const ceiling = find(results, 'ceiling', TARGET_WRITERS);
  if (herald === undefined || peer === undefined || ceiling === undefined) {
    return [
      {
        met: false,
        line: `${TARGET_WRITERS} writers: not measured (herald, peer and ceiling are all needed): MISSED`,
      },
    ];
  }
  const ours = herald.measurement.appendsPerSecond;
  const timesPeer = ours / peer.measurement.appendsPerSecond;
  const share = ours / ceiling.measurement.appendsPerSecond;
  const neededForPeer = TARGET_TIMES_PEER * peer.measurement.appendsPerSecond;
  const neededForCeiling = TARGET_SHARE_OF_CEILING * ceiling.measurement.appendsPerSecond;
  const peerMet = timesPeer >= TARGET_TIMES_PEER;
  const ceilingMet = share >= TARGET_SHARE_OF_CEILING;
  const peerLine =
    `${TARGET_WRITERS} writers: ${timesPeer.toFixed(2)}× peer (target ≥ ${TARGET_TIMES_PEER}×): ` +
    (peerMet
      ? `MET by ${(timesPeer - TARGET_TIMES_PEER).toFixed(2)}× (${rate(ours - neededForPeer)} appends/s to spare)`
      : `MISSED by ${(TARGET_TIMES_PEER - timesPeer).toFixed(2)}× (needs ${rate(neededForPeer)} appends/s, +${rate(neededForPeer - ours)})`);
  const ceilingLine =
    `${TARGET_WRITERS} writers: ${(share * 100).toFixed(1)}% of ceiling (target ≥ ${TARGET_SHARE_OF_CEILING * 100}%): ` +
    (ceilingMet
      ? `MET by ${((share - TARGET_SHARE_OF_CEILING) * 100).toFixed(1)} points (${rate(ours - neededForCeiling)} appends/s to spare)`
      : `MISSED by ${((TARGET_SHARE_OF_CEILING - share) * 100).toFixed(1)} points (needs ${rate(neededForCeiling)} appends/s, +${rate(neededForCeiling - ours)})`);
  return [
    { met: peerMet, line: peerLine },
    { met: ceilingMet, line: ceilingLine },
  ];
}
