// Projection catch-up throughput on the embedded stores: `npm run build && node dist/bench/projections.js`.
// Appends EVENTS post events (plus a tenth as many of another category the projection filters
// out), then times a fresh projection from position 0 to caught up, for several batch sizes.
// No targets: the figures are for comparing batch sizes and spotting regressions on one machine.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uuidV7Generator } from '@herald/shared-kernel';
import { SqliteEventStore, type NewEvent } from '@herald/event-store';
import { EmbeddedReadStore } from '@herald/read-store';
import { defineProjection, ProjectionRunner } from '@herald/projections-runtime';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const EVENTS = Math.round(50_000 * SCALE);
const STREAMS = 500;
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? '100,500,2000').split(',').map(Number);

const silent = {
  log: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

const counters = defineProjection({
  name: 'benchCounters',
  version: 1,
  categories: ['post'],
  collections: ['benchCounters', 'totals'],
  handle: (event, context) => {
    context.upsert('benchCounters', event.streamId, {
      $inc: { events: 1 },
      $set: { lastType: event.type, at: event.occurredAt },
    });
    context.upsert('totals', 'all', { $inc: { events: 1 } });
  },
});

function event(type: string, n: number): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type,
    schemaVersion: 1,
    data: { n, title: `Post number ${n}`, channels: ['x', 'linkedin'] },
    metadata: {
      tenantId: 'bench',
      actor: { kind: 'system', id: 'bench' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      subjectIds: [],
    },
  };
}

async function seed(store: SqliteEventStore): Promise<void> {
  const perStream = Math.ceil(EVENTS / STREAMS);
  const revisions = new Map<string, number>();
  for (let done = 0; done < EVENTS;) {
    for (let s = 0; s < STREAMS && done < EVENTS; s++) {
      const streamId = `post-${s}`;
      const count = Math.min(50, perStream, EVENTS - done);
      const revision = revisions.get(streamId);
      const result = await store.append(
        streamId,
        Array.from({ length: count }, (_, i) => event(i % 2 ? 'post.published' : 'post.scheduled', done + i)),
        {
          expectedRevision: revision ?? 'no_stream',
        },
      );
      revisions.set(streamId, result.nextExpectedRevision);
      done += count;
      if (s % 10 === 0)
        await store.append(`user-${done}`, [event('user.registered', done)], {
          expectedRevision: 'no_stream',
        });
    }
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-projections-'));
  try {
    const eventStore = await SqliteEventStore.open({
      path: path.join(dir, 'events.sqlite'),
      synchronous: 'NORMAL',
    });
    const seedStart = performance.now();
    await seed(eventStore);
    const head = await eventStore.headPosition();
    console.log(
      `seeded ${head} events (${EVENTS} handled by the projection) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    console.log('batch size | catch-up s | handled events/s | $all positions/s');
    for (const batchSize of BATCH_SIZES) {
      const readStore = EmbeddedReadStore.open({ filename: path.join(dir, `read-${batchSize}.sqlite`) });
      const runner = new ProjectionRunner({
        eventStore,
        readStore,
        definitions: [counters],
        batchSize,
        idleMs: 50,
        log: silent,
      });
      const started = performance.now();
      await runner.start();
      await runner.whenCaughtUp('benchCounters', { timeoutMs: 600_000 });
      const seconds = (performance.now() - started) / 1000;
      const total = await readStore.collection(`benchCounters.totals_v1`).findOne({ _id: 'all' });
      if (total?.events !== EVENTS)
        throw new Error(`expected ${EVENTS} events counted, found ${String(total?.events)}`);
      await runner.stop();
      await readStore.close();
      console.log(
        `${String(batchSize).padStart(10)} | ${seconds.toFixed(2).padStart(10)} | ${Math.round(
          EVENTS / seconds,
        )
          .toString()
          .padStart(16)} | ${Math.round(head / seconds)
          .toString()
          .padStart(16)}`,
      );
    }
    await eventStore.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
