// Projection rebuild speed and calendar latency: `npm run bench:rebuild` (see bench/README.md).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '@herald/event-store';
import { EmbeddedReadStore, MongoReadStore, type ReadStore } from '@herald/read-store';
import { ProjectionCatalog, type ProjectionDefinition } from '@herald/projections-runtime';
import { calendarProjection } from '@herald/projections/calendar';
import { postsProjection } from '@herald/projections/posts';
import { timeCalendarMonths } from './rebuild/calendar-latency';
import { seedEmmett, timeEmmettPosts } from './rebuild/emmett-peer';
import { timeRebuild } from './rebuild/herald-rebuild';
import { latencyTable, rebuildTable, targetLines, type LatencyRow, type RebuildRow } from './rebuild/report';
import { seedHerald } from './rebuild/seed';
import { generateWorkload } from './rebuild/workload';

const ROOT = path.resolve(__dirname, '..', '..');
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const POSTS = Math.round(100_000 * SCALE);
const SEED = 20_261;
const TIME_ZONE = 'Europe/Paris';
const PEER_EVENTS = Math.round(Number(process.env.BENCH_PEER_EVENTS ?? String(100_000 * Math.min(1, SCALE))));
const QUERIES = 200;
/** FerretDB 1.24 filters in its SQLite backend without using the indexes: a month view costs seconds there. */
const MONGO_QUERIES = Number(process.env.BENCH_MONGO_QUERIES ?? '6');
/**
 * The MongoDB-wire column runs on a log of its own, 10% of the posts by default: FerretDB takes
 * minutes over the full log and seconds per month view (BENCH_MONGO_SCALE=1 for the full log).
 */
const MONGO_SCALE = Number(process.env.BENCH_MONGO_SCALE ?? String(Math.min(SCALE, 0.1)));
const ONLY = (process.env.BENCH_ONLY ?? 'embedded,mongo,emmett').split(',');
const MONGODB_URL = process.env.MONGODB_URL;
/** Bump when the workload changes, so a cached log of the old shape is not reused. */
const WORKLOAD_VERSION = 2;

const seconds = (started: number) => ((performance.now() - started) / 1000).toFixed(1);

/**
 * The event log is expensive to append (hash chains, group commit) and never changes for a
 * given workload, so it is kept under .cache/bench and reused by later runs.
 */
async function eventLog(
  posts: number,
): Promise<{ store: SqliteEventStore; events: number; reused: boolean }> {
  const dir = path.join(
    ROOT,
    '.cache',
    'bench',
    'rebuild-log',
    `v${WORKLOAD_VERSION}-posts${posts}-seed${SEED}`,
  );
  const ready = path.join(dir, 'ready.json');
  if (existsSync(ready)) {
    const { events } = JSON.parse(readFileSync(ready, 'utf8')) as { events: number };
    const store = await SqliteEventStore.open({
      path: path.join(dir, 'events.sqlite'),
      synchronous: 'NORMAL',
    });
    if ((await store.headPosition()) === events) return { store, events, reused: true };
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const seeded = await seedHerald(store, generateWorkload({ posts, seed: SEED, timeZone: TIME_ZONE }));
  writeFileSync(ready, JSON.stringify({ events: seeded.events, seconds: seeded.seconds }));
  return { store, events: seeded.events, reused: false };
}

async function rebuildInto(
  label: string,
  store: SqliteEventStore,
  open: (name: string) => Promise<ReadStore>,
  definition: ProjectionDefinition,
  rows: RebuildRow[],
  latency: LatencyRow[],
): Promise<void> {
  const readStore = await open(definition.name);
  try {
    process.stdout.write(`  ${definition.name} into ${label}... `);
    const figures = await timeRebuild(store, readStore, definition);
    console.log(`${figures.seconds.toFixed(1)} s`);
    rows.push({ projection: definition.name, contender: `herald ${label}`, ...figures });
    if (definition === calendarProjection) {
      const catalog = new ProjectionCatalog(readStore);
      const measured =
        label === 'embedded'
          ? await timeCalendarMonths(catalog, QUERIES)
          : await timeCalendarMonths(catalog, MONGO_QUERIES, 2);
      latency.push({ store: label, ...measured });
    }
  } finally {
    await readStore.close();
  }
}

async function main(): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const work = path.join(ROOT, '.cache', 'bench', `rebuild-${stamp}`);
  mkdirSync(work, { recursive: true });
  console.log(
    `Projection rebuild benchmark — ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  const rows: RebuildRow[] = [];
  const latency: LatencyRow[] = [];
  const started = performance.now();
  const log = await eventLog(POSTS);
  try {
    console.log(
      `event log: ${log.events.toLocaleString('en-US')} events (${POSTS.toLocaleString('en-US')} posts, agency in ${TIME_ZONE}) ${log.reused ? 'reused from .cache/bench/rebuild-log' : `appended in ${seconds(started)} s (untimed, cached for later runs)`}`,
    );
    const definitions = [postsProjection, calendarProjection];
    if (ONLY.includes('embedded')) {
      for (const definition of definitions) {
        await rebuildInto(
          'embedded',
          log.store,
          async (name) => EmbeddedReadStore.open({ filename: path.join(work, `read-${name}.sqlite`) }),
          definition,
          rows,
          latency,
        );
      }
    }
    if (ONLY.includes('mongo')) {
      if (MONGODB_URL === undefined) {
        console.log(
          '  MongoDB-wire column skipped: MONGODB_URL is not set (start one with `FERRETDB_NAME=bench bash scripts/servers/ferretdb.sh start`).',
        );
      } else {
        const mongoPosts = Math.round(100_000 * MONGO_SCALE);
        const mongoLog = mongoPosts === POSTS ? log : await eventLog(mongoPosts);
        if (mongoLog !== log) {
          console.log(
            `  mongo runs on a log of its own: ${mongoLog.events.toLocaleString('en-US')} events (${mongoPosts.toLocaleString('en-US')} posts; BENCH_MONGO_SCALE=1 for the full log)`,
          );
        }
        try {
          for (const definition of definitions) {
            const database = `bench_rebuild_${definition.name}_${Date.now()}`;
            await rebuildInto(
              'mongo',
              mongoLog.store,
              async () => MongoReadStore.connect({ url: MONGODB_URL, database }),
              definition,
              rows,
              latency,
            );
            const cleanup = await MongoReadStore.connect({ url: MONGODB_URL, database });
            for (const collection of await cleanup.listCollections())
              await cleanup.dropCollection(collection);
            await cleanup.close();
          }
        } finally {
          if (mongoLog !== log) await mongoLog.store.close();
        }
      }
    }
    if (ONLY.includes('emmett')) {
      const file = path.join(work, 'emmett.db');
      const copied = await seedEmmett(file, log.store, PEER_EVENTS);
      process.stdout.write(`  posts into emmett-sqlite (first ${copied.toLocaleString('en-US')} events)... `);
      const peer = await timeEmmettPosts(file, copied);
      console.log(`${peer.seconds.toFixed(1)} s`);
      rows.push({
        projection: 'posts',
        contender: 'emmett-sqlite (peer)',
        ...peer,
        note:
          copied < log.events
            ? `measured on the first ${copied.toLocaleString('en-US')} of ${log.events.toLocaleString('en-US')} events; its time for the whole log would be ~${((peer.seconds * log.events) / copied).toFixed(0)} s (EXTRAPOLATED, linear)`
            : undefined,
      });
    }
  } finally {
    await log.store.close();
    rmSync(work, { recursive: true, force: true });
  }

  const peer = rows.find((row) => row.contender.startsWith('emmett'));
  console.log(
    '\nRebuild: from the start of the runner (or consumer) to the new version caught up with the head, blue/green.',
  );
  console.log(
    'log events/s = events in the log ÷ seconds (the rate the targets use); handled = events the projection selects.\n',
  );
  console.log(rebuildTable(rows, peer));
  for (const row of rows) if (row.note !== undefined) console.log(`  * ${row.contender}: ${row.note}`);
  console.log(
    `\nCalendar month view of the agency (${POSTS.toLocaleString('en-US')} posts), through calendarQueries.range: embedded ${QUERIES} queries after one warm-up pass over the 48 months, mongo ${MONGO_QUERIES} after 2:\n`,
  );
  console.log(latency.length > 0 ? latencyTable(latency) : '  (not measured)');
  console.log('\nTargets:');
  for (const line of targetLines(rows, latency)) console.log(`  ${line}`);
  console.log(
    `\nload average at the end: ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}; total ${seconds(started)} s`,
  );
  const results = path.join(ROOT, '.cache', 'bench', `rebuild-${stamp}.json`);
  writeFileSync(results, JSON.stringify({ posts: POSTS, rows, latency, loadAverage: os.loadavg() }, null, 2));
  console.log(`results: ${path.relative(ROOT, results)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
