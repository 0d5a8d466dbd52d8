import { percentile, summarizeLatencies } from './latency';

describe(summarizeLatencies.name, () => {
  it('reports nearest-rank percentiles whatever the order of the samples', () => {
    const samples = Float64Array.from({ length: 100 }, (_, index) => 100 - index);

    const sut = summarizeLatencies(samples);

    expect(sut).toEqual({ p50Ms: 50, p99Ms: 99, maxMs: 100, meanMs: 50.5 });
  });

  it('takes the single slow append as the p99 of a hundred only when it is the 99th rank or above', () => {
    const samples = Float64Array.from([...Array.from({ length: 98 }, () => 1), 1, 500]);

    expect(summarizeLatencies(samples).p99Ms).toBe(1);
    expect(summarizeLatencies(Float64Array.from([...samples, 500])).p99Ms).toBe(500);
  });

  it('refuses an empty run and a percentile outside (0, 100]', () => {
    expect(() => summarizeLatencies(new Float64Array(0))).toThrow('no samples');
    expect(() => percentile(Float64Array.from([1]), 0)).toThrow(RangeError);
    expect(() => percentile(Float64Array.from([1]), 101)).toThrow(RangeError);
  });
});
