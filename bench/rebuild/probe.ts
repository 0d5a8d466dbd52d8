import path from 'node:path';
import { SqliteEventStore } from '@herald/event-store';
import { EmbeddedReadStore } from '@herald/read-store';
import { postsProjection } from '@herald/projections/posts';
import { calendarProjection } from '@herald/projections/calendar';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { timeRebuild } from './herald-rebuild';
import { timeCalendarMonths } from './calendar-latency';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const which = process.env.WHICH ?? 'posts,calendar';
  for (const definition of [postsProjection, calendarProjection].filter((d) => which.includes(d.name))) {
    const file = path.join(dir, `read-${definition.name}-${Date.now()}.sqlite`);
    const readStore = EmbeddedReadStore.open({ filename: file });
    const figures = await timeRebuild(store, readStore, definition);
    console.log(definition.name, JSON.stringify(figures), Math.round(figures.logEvents / figures.seconds), 'log ev/s', Math.round(figures.logEvents / figures.cpuSeconds), 'per cpu s');
    if (definition.name === 'calendar') console.log(JSON.stringify(await timeCalendarMonths(new ProjectionCatalog(readStore), 100)));
    await readStore.close();
  }
  await store.close();
}

void main();
