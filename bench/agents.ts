// `npm run bench:agents`: Herald's own overhead per agent graph step (model time excluded) and
// memory recall latency at 100k memories. Method and how to read the figures: bench/README.md.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ChromaVectorMemory, InMemoryVectorMemory, type VectorMemory } from '@herald/agents';
import { openOverheadRig, type RunSample } from './agents/overhead';
import { embedder, load, recallLatencies } from './agents/recall';
import { startTimedModelServer } from './agents/timed-model-server';

/** BENCH_SCALE=0.1 gives a quick smoke run; figures are only comparable at the same scale. */
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const WORKFLOWS = Math.max(3, Math.round(40 * SCALE));
const WARMUP = 3;
const MEMORIES = Math.round(100_000 * SCALE);
const QUERIES = 50;
const CHROMA_LOAD_BUDGET_MS = 90_000;
const TARGET_OVERHEAD_MS = 50;
const root = path.resolve(__dirname, '..', '..');

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number) => value.toFixed(2).padStart(9);

async function measureOverhead(): Promise<RunSample[]> {
  const model = await startTimedModelServer();
  const rig = await openOverheadRig(model);
  try {
    for (let i = 0; i < WARMUP; i += 1) await rig.workflow();
    const samples: RunSample[] = [];
    for (let i = 0; i < WORKFLOWS; i += 1) samples.push(await rig.workflow());
    return samples;
  } finally {
    await rig.close();
    await model.close();
  }
}

async function measureRecall(memory: VectorMemory, batch: number, budgetMs: number) {
  const loadStarted = performance.now();
  const stored = await load(memory, MEMORIES, budgetMs, batch);
  const loadMs = performance.now() - loadStarted;
  const latencies = await recallLatencies(memory, QUERIES);
  return { stored, loadMs, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

function chromaServer(): { url: string; stop: () => void } | null {
  if (process.env.CHROMA_URL) return { url: process.env.CHROMA_URL, stop: () => undefined };
  const script = path.join(root, 'scripts', 'servers', 'chroma.sh');
  const env = { ...process.env, CHROMA_NAME: 'bench-agents' };
  const started = spawnSync('bash', [script, 'start'], { env, encoding: 'utf8', timeout: 120_000 });
  const line = started.stdout?.trim().split('\n').at(-1) ?? '';
  if (started.status !== 0 || !line.startsWith('CHROMA_URL=')) {
    console.log(`chroma: could not start (${started.stderr?.trim().split('\n').at(-1) ?? 'no output'})`);
    return null;
  }
  return {
    url: line.slice('CHROMA_URL='.length),
    stop: () => void spawnSync('bash', [script, 'stop'], { env, encoding: 'utf8', timeout: 60_000 }),
  };
}

async function main(): Promise<void> {
  console.log(
    `bench:agents  scale=${SCALE}  workflows=${WORKFLOWS} (+${WARMUP} warm-up)  memories=${MEMORIES}`,
  );
  const samples = await measureOverhead();
  const perStep = samples.map((s) => (s.wallMs - s.modelMs) / s.steps);
  const perCall = samples.map((s) => (s.wallMs - s.modelMs) / s.modelCalls);
  const perRun = samples.map((s) => s.wallMs - s.modelMs);
  const [first] = samples;
  console.log(
    `\ncontent workflow (request → 4 child agents → approval interrupt → approve → schedule → complete):` +
      `\n  per run: ${first.steps} recorded steps, ${first.modelCalls} model calls, ${first.events} events appended;` +
      ` model server time p50 ${percentile(
        samples.map((s) => s.modelMs),
        50,
      ).toFixed(2)} ms per run`,
  );
  console.log('\n| figure                                   |    p50 ms |    p95 ms |');
  console.log('| ---------------------------------------- | --------: | --------: |');
  console.log(
    `| Herald overhead per workflow run         | ${ms(percentile(perRun, 50))} | ${ms(percentile(perRun, 95))} |`,
  );
  console.log(
    `| Herald overhead per graph step           | ${ms(percentile(perStep, 50))} | ${ms(percentile(perStep, 95))} |`,
  );
  console.log(
    `| Herald overhead per model call           | ${ms(percentile(perCall, 50))} | ${ms(percentile(perCall, 95))} |`,
  );

  const inMemory = await measureRecall(new InMemoryVectorMemory(embedder), 5_000, Number.POSITIVE_INFINITY);
  console.log(
    `| recall, in-memory, ${inMemory.stored.toLocaleString('en')} memories`.padEnd(43) +
      `| ${ms(inMemory.p50)} | ${ms(inMemory.p95)} |`,
  );
  const chroma = chromaServer();
  if (chroma !== null) {
    const memory = new ChromaVectorMemory({ url: chroma.url, embedder, prefix: `bench${Date.now()}` });
    try {
      const result = await measureRecall(memory, 1_000, CHROMA_LOAD_BUDGET_MS);
      console.log(
        `| recall, Chroma, ${result.stored.toLocaleString('en')} memories`.padEnd(43) +
          `| ${ms(result.p50)} | ${ms(result.p95)} |`,
      );
      console.log(
        `\nChroma load: ${result.stored.toLocaleString('en')} of ${MEMORIES.toLocaleString('en')} memories in ` +
          `${(result.loadMs / 1000).toFixed(1)} s (budget ${CHROMA_LOAD_BUDGET_MS / 1000} s)` +
          (result.stored < MEMORIES ? ' — the Chroma figure is at that count, not at the target count' : ''),
      );
      await memory.forgetOrganization('0190f3a4-0000-7000-8000-0000000000c3').catch(() => 0);
    } finally {
      await memory.close();
      chroma.stop();
    }
  }
  console.log(`in-memory load: ${(inMemory.loadMs / 1000).toFixed(1)} s`);

  const p95 = percentile(perStep, 95);
  const verdict =
    p95 <= TARGET_OVERHEAD_MS
      ? `MET (${(TARGET_OVERHEAD_MS - p95).toFixed(2)} ms to spare)`
      : `MISSED by ${(p95 - TARGET_OVERHEAD_MS).toFixed(2)} ms`;
  console.log(`\ntarget: overhead per graph step p95 ≤ ${TARGET_OVERHEAD_MS} ms — ${verdict}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
