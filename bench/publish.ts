// `npm run bench:publish`: 10,000 posts due in the same second to a local webhook receiver.
// Method and how to read the figures: bench/README.md.
import os from 'node:os';
import { DEFAULT_PLATFORM_LIMITS, DEFAULT_PUBLISHER_OPTIONS } from '../apps/worker/src/sagas/publisher';
import { percentile, runDueTogether } from '../apps/worker/src/sagas/publisher/fault-tests/support/due-together';
import { round, table, verdict } from './publish/report';

const POSTS = Number(process.env.BENCH_POSTS ?? '10000');
const ACCOUNTS = 20;
/** Per-replica parallelism: timers handled at once and webhook calls in flight (the product default is 8 each). */
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? '8');

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const result = await runDueTogether({
    posts: POSTS,
    accounts: ACCOUNTS,
    deadlineMs: 10 * 60_000,
    progress: (message) => console.log(`  ${message}`),
    publisher: {
      timers: { ...DEFAULT_PUBLISHER_OPTIONS.timers, concurrency: PARALLEL },
      // The default webhook limit (60 calls/min, shared by every webhook target) would alone
      // spread 10,000 posts over 167 minutes; a local receiver has no such limit.
      limits: {
        ...DEFAULT_PLATFORM_LIMITS,
        webhook: { concurrency: PARALLEL, rate: { limit: 1_000_000, windowMs: 1_000 } },
      },
    },
  });
  const lateness = result.latenessMs;
  const p50 = percentile(lateness, 50);
  const p99 = percentile(lateness, 99);
  const max = percentile(lateness, 100);
  const first = lateness[0] ?? null;
  const throughput =
    max !== null && first !== null && max > first ? (lateness.length / (max - first)) * 1000 : null;
  console.log(`\npublish bench: ${POSTS} posts due at ${result.dueAt.toISOString()}, ${ACCOUNTS} webhook targets`);
  console.log(
    `options: timers ${JSON.stringify(result.options.timers)}, webhook ${JSON.stringify(result.options.webhook)}; ` +
      `load average ${round(loadBefore)} before / ${round(os.loadavg()[0])} after on ${os.cpus().length} cores`,
  );
  console.log(`scheduling (not timed against targets): ${round(result.schedulingMs / 1000)} s\n`);
  const ms = (v: number | null) => (v === null ? '—' : `${v}`);
  console.log(
    table(
      ['posts', 'delivered', 'duplicated', 'missing', 'wrongly recorded', 'first ms', 'p50 ms', 'p99 ms', 'max ms', 'all recorded ms', 'posts/s'],
      [[
        `${POSTS}`,
        `${result.deliveries}`,
        `${result.duplicatedPosts.length}`,
        `${result.missingPosts.length}`,
        `${result.wronglyRecorded.length}`,
        ms(first),
        ms(p50),
        ms(p99),
        ms(max),
        ms(result.allRecordedAfterMs),
        throughput === null ? '—' : round(throughput),
      ]],
    ),
  );
  console.log('\nwhere the saga spent its time (summed over concurrent work):');
  console.log(
    table(
      ['part', 'calls', 'total s', 'mean ms'],
      Object.entries(result.spent).map(([part, s]) => [part, `${s.calls}`, round(s.totalMs / 1000), round(s.totalMs / s.calls)]),
    ),
  );
  console.log('\ntargets:');
  const lastDelivery = max === null || result.missingPosts.length > 0 ? null : max / 1000;
  console.log(verdict('all published within 10 s of due time', lastDelivery, 10, 's', true));
  console.log(verdict('p99 lateness', p99 === null ? null : p99 / 1000, 2, 's', true));
  const errors = result.duplicatedPosts.length + result.missingPosts.length + result.wronglyRecorded.length;
  if (errors > 0) {
    console.error(`ERROR: ${result.duplicatedPosts.length} duplicated, ${result.missingPosts.length} missing, ${result.wronglyRecorded.length} wrongly recorded`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
