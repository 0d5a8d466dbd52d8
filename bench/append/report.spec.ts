import { evaluateTargets, formatTable, type ContenderName, type ContenderResult } from './report';

const result = (contender: ContenderName, writers: number, appendsPerSecond: number): ContenderResult => ({
  contender,
  writers,
  measurement: {
    appends: 1000,
    seconds: 1000 / appendsPerSecond,
    appendsPerSecond,
    latency: { p50Ms: 1.234, p99Ms: 12.34, maxMs: 20, meanMs: 2 },
  },
});

describe(evaluateTargets.name, () => {
  it('meets both targets and says by how much', () => {
    const sut = evaluateTargets([
      result('herald', 64, 4000),
      result('emmett-sqlite', 64, 1000),
      result('ceiling', 64, 10_000),
    ]);

    expect(sut.map((verdict) => verdict.met)).toEqual([true, true]);
    expect(sut[0].line).toBe('64 writers: 4.00× peer (target ≥ 3×): MET by 1.00× (1,000 appends/s to spare)');
    expect(sut[1].line).toBe(
      '64 writers: 40.0% of ceiling (target ≥ 30%): MET by 10.0 points (1,000 appends/s to spare)',
    );
  });

  it('misses each target on its own and says what throughput it needs', () => {
    const sut = evaluateTargets([
      result('herald', 64, 2000),
      result('emmett-sqlite', 64, 1000),
      result('ceiling', 64, 5000),
    ]);

    expect(sut.map((verdict) => verdict.met)).toEqual([false, true]);
    expect(sut[0].line).toBe(
      '64 writers: 2.00× peer (target ≥ 3×): MISSED by 1.00× (needs 3,000 appends/s, +1,000)',
    );

    const belowCeiling = evaluateTargets([
      result('herald', 64, 4000),
      result('emmett-sqlite', 64, 1000),
      result('ceiling', 64, 20_000),
    ]);
    expect(belowCeiling.map((verdict) => verdict.met)).toEqual([true, false]);
    expect(belowCeiling[1].line).toBe(
      '64 writers: 20.0% of ceiling (target ≥ 30%): MISSED by 10.0 points (needs 6,000 appends/s, +2,000)',
    );
  });

  it('judges at 64 writers only, and a missing contender is a miss', () => {
    const sut = evaluateTargets([
      result('herald', 16, 9000),
      result('emmett-sqlite', 16, 1),
      result('ceiling', 16, 10),
      result('herald', 64, 9000),
    ]);

    expect(sut).toEqual([{ met: false, line: expect.stringContaining('not measured') }]);
  });
});

describe(formatTable.name, () => {
  it('prints each row with its ratios against the peer and the ceiling of the same writer count', () => {
    const sut = formatTable([
      result('herald', 1, 500),
      result('emmett-sqlite', 1, 250),
      result('ceiling', 1, 50_000),
      result('herald', 64, 9000),
    ]);

    expect(sut.split('\n')).toEqual([
      '| contender | writers | appends | appends/s | p50 ms | p99 ms | vs peer | vs ceiling |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      '| herald | 1 | 1000 | 500 | 1.23 | 12.3 | 2.00× | 1.0% |',
      '| emmett-sqlite | 1 | 1000 | 250 | 1.23 | 12.3 | 1.00× | 0.5% |',
      '| ceiling | 1 | 1000 | 50,000 | 1.23 | 12.3 | 200.00× | 100.0% |',
      '| herald | 64 | 1000 | 9,000 | 1.23 | 12.3 | – | – |',
    ]);
  });
});
