export interface PhaseResult {
  readonly name: string;
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Runs `perClient` operations on each client concurrently; latencies are per call, wall time for throughput. */
export async function runPhase<Client>(
  name: string,
  clients: readonly Client[],
  perClient: number,
  operation: (client: Client, clientIndex: number, n: number) => Promise<unknown>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client, clientIndex) => {
      for (let n = 0; n < perClient; n++) {
        const t0 = process.hrtime.bigint();
        await operation(client, clientIndex, n);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    name,
    ops: latencies.length,
    seconds,
    opsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export function formatTable(rows: readonly PhaseResult[], ceiling: PhaseResult): string {
  const header = '| phase | ops | ops/s | p50 ms | p99 ms | vs ceiling |';
  const lines = rows.map(
    (row) =>
      `| ${row.name} | ${row.ops} | ${row.opsPerSecond.toFixed(0)} | ${row.p50Ms.toFixed(1)} | ${row.p99Ms.toFixed(1)} | ${((100 * row.opsPerSecond) / ceiling.opsPerSecond).toFixed(0)}% |`,
  );
  return [header, '|---|---|---|---|---|---|', ...lines].join('\n');
}
