// `npm run bench:append`: Herald's SQLite store against its peer and the raw-SQLite ceiling.
// Method and how to read the figures: bench/README.md.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { HERALD_FILE, openHerald } from './append/contenders/herald.contender';
import { EMMETT_EVENTS_TABLE, EMMETT_FILE, openEmmett } from './append/contenders/emmett.contender';
import { runCeiling } from './append/contenders/ceiling.contender';
import { evaluateTargets, formatTable, type ContenderName, type ContenderResult } from './append/report';
import { DATA_JSON_BYTES, planWorkload, runWriters, type AppendTarget } from './append/workload';

const STREAMS = 10_000;
/** BENCH_SCALE=0.1 gives a quick smoke run; figures are only comparable at the same scale. */
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const WARMUP_SHARE = 0.1;
/** Focused runs for profiling, e.g. BENCH_ONLY=herald BENCH_WRITERS=64; targets then read "not measured". */
const ONLY = listFromEnv('BENCH_ONLY');
const WRITERS = listFromEnv('BENCH_WRITERS')?.map(Number);

interface RunPlan {
  readonly writers: number;
  /** Herald and the ceiling. */
  readonly appends: number;
  /** The peer commits one append at a time at a few hundred per second: fewer, or the run takes minutes. */
  readonly peerAppends: number;
}

const RUNS: readonly RunPlan[] = [
  { writers: 1, appends: 4_000, peerAppends: 600 },
  { writers: 16, appends: 20_000, peerAppends: 600 },
  { writers: 64, appends: 20_000, peerAppends: 600 },
];

function listFromEnv(name: string): string[] | undefined {
  const value = process.env[name]?.trim();
  return value ? value.split(',').map((item) => item.trim()) : undefined;
}

const selected = (contender: ContenderName) => ONLY === undefined || ONLY.includes(contender);

interface Opened {
  readonly target: AppendTarget;
  readonly durability: string;
  readonly retries?: () => number;
}

const root = path.resolve(__dirname, '..', '..');
const benchDir = path.join(root, '.cache', 'bench');

function perWriter(total: number, writers: number): number {
  return Math.max(1, Math.ceil((total * SCALE) / writers));
}

function countRows(file: string, table: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get());
  } finally {
    db.close();
  }
}

/** Warm-up on streams of its own, then the measured run on fresh ones; checks every event landed. */
async function measureStore(
  contender: Exclude<ContenderName, 'ceiling'>,
  dir: string,
  writers: number,
  total: number,
): Promise<{ result: ContenderResult; durability: string }> {
  const opened: Opened = contender === 'herald' ? await openHerald(dir) : await openEmmett(dir);
  const appendsPerWriter = perWriter(total, writers);
  const warmupPerWriter = Math.ceil(appendsPerWriter * WARMUP_SHARE);
  let measurement;
  try {
    await runWriters(opened.target, planWorkload(STREAMS, writers, warmupPerWriter));
    const workload = planWorkload(STREAMS, writers, appendsPerWriter);
    measurement = await runWriters(opened.target, workload);
  } finally {
    await opened.target.close();
  }
  const [file, table, extra] =
    contender === 'herald' ? [HERALD_FILE, 'events', 0] : [EMMETT_FILE, EMMETT_EVENTS_TABLE, 1];
  const stored = countRows(path.join(dir, file), table) - warmupPerWriter * writers - extra;
  if (stored !== measurement.appends)
    throw new Error(`${contender}: ${measurement.appends} appends acknowledged but ${stored} events stored`);
  const retries = opened.retries?.();
  return {
    result: { contender, writers, measurement, ...(retries === undefined ? {} : { retries }) },
    durability: opened.durability,
  };
}

async function main(): Promise<void> {
  if (!(SCALE > 0)) throw new Error(`BENCH_SCALE must be a positive number, got ${process.env.BENCH_SCALE}`);
  const unknown = ONLY?.filter((name) => !['herald', 'emmett-sqlite', 'ceiling'].includes(name)) ?? [];
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown contenders: ${unknown.join(', ')}`);
  if (WRITERS?.some((writers) => !RUNS.some((plan) => plan.writers === writers))) {
    throw new Error(
      `BENCH_WRITERS must be among ${RUNS.map((plan) => plan.writers).join(', ')}, got ${process.env.BENCH_WRITERS}`,
    );
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const runDir = path.join(benchDir, `append-${stamp}`);
  await mkdir(runDir, { recursive: true });
  console.log(
    `append benchmark: node ${process.version}, ${os.cpus().length} cpus, ${STREAMS} streams, ` +
      `single-event appends, ${DATA_JSON_BYTES}-byte data, scale ${SCALE}, files in ${runDir}\n`,
  );
  const results: ContenderResult[] = [];
  const durability = new Map<ContenderName, string>();
  try {
    for (const run of RUNS.filter((plan) => WRITERS === undefined || WRITERS.includes(plan.writers))) {
      const contenders: Array<[Exclude<ContenderName, 'ceiling'>, number]> = [
        ['herald', run.appends],
        ['emmett-sqlite', run.peerAppends],
      ];
      for (const [contender, total] of contenders.filter(([name]) => selected(name))) {
        const dir = path.join(runDir, `${contender}-${run.writers}`);
        await mkdir(dir);
        const { result, durability: settings } = await measureStore(contender, dir, run.writers, total);
        durability.set(contender, settings);
        results.push(result);
        report(result);
        await rm(dir, { recursive: true, force: true });
      }
      if (!selected('ceiling')) continue;
      const dir = path.join(runDir, `ceiling-${run.writers}`);
      await mkdir(dir);
      const appendsPerWriter = perWriter(run.appends, run.writers);
      const warmup = planWorkload(STREAMS, run.writers, Math.ceil(appendsPerWriter * WARMUP_SHARE));
      const ceiling = await runCeiling(dir, warmup, planWorkload(STREAMS, run.writers, appendsPerWriter));
      if (ceiling.storedRows !== ceiling.measurement.appends)
        throw new Error(`ceiling: ${ceiling.storedRows} rows stored of ${ceiling.measurement.appends}`);
      durability.set('ceiling', ceiling.durability);
      const result: ContenderResult = {
        contender: 'ceiling',
        writers: run.writers,
        measurement: ceiling.measurement,
      };
      results.push(result);
      report(result);
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }

  console.log(`\n${formatTable(results)}\n`);
  for (const [contender, settings] of durability) console.log(`${contender}: ${settings}`);
  console.log(
    'latency: call to resolved promise, per append; ceiling: per row inside its single transaction (its commit counts in appends/s only)\n',
  );
  const verdicts = evaluateTargets(results);
  for (const verdict of verdicts) console.log(verdict.line);
  const out = path.join(benchDir, `append-${stamp}.json`);
  await writeFile(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        scale: SCALE,
        streams: STREAMS,
        durability: Object.fromEntries(durability),
        results,
        verdicts,
      },
      null,
      2,
    ),
  );
  console.log(`\nresults: ${path.relative(root, out)}`);
}

function report({ contender, writers, measurement: m, retries }: ContenderResult): void {
  console.log(
    `${contender.padEnd(13)} ${String(writers).padStart(2)} writers: ${m.appends} appends in ${m.seconds.toFixed(2)}s, ` +
      `${Math.round(m.appendsPerSecond)}/s, p50 ${m.latency.p50Ms.toFixed(2)} ms, p99 ${m.latency.p99Ms.toFixed(2)} ms, max ${m.latency.maxMs.toFixed(1)} ms` +
      (retries === undefined ? '' : `, ${retries} retried after SQLITE_BUSY (warm-up included)`),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  // A failed run can leave a driver handle open; the exit code must not wait on it.
  process.exit(1);
});
