import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { SqliteEventStore } from '@herald/event-store';
import { seedHerald } from './seed';
import { generateWorkload } from './workload';

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join('/work/main/.cache/rebuild-work', 'probe-'));
  const store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const posts = Number(process.env.POSTS ?? '100000');
  const seeded = await seedHerald(store, generateWorkload({ posts, seed: 7, timeZone: 'Europe/Paris' }), () => false);
  console.log(`seeded ${seeded.events} in ${seeded.seconds.toFixed(1)} s`);
  for (const size of [1000, 5000]) {
    const started = performance.now();
    let after = 0;
    let n = 0;
    for (;;) {
      const events = await store.readAll({ afterPosition: after, maxCount: size, filter: { categories: ['post'] } });
      if (events.length === 0) break;
      n += events.length;
      after = events[events.length - 1].globalPosition;
    }
    const s = (performance.now() - started) / 1000;
    console.log(`readAll ${size}: ${n} events in ${s.toFixed(2)} s = ${Math.round(n / s)}/s`);
  }
  await store.close();
  console.log(dir);
}

void main();
