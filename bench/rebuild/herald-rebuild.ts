import type { EventStore } from '@herald/event-store';
import {
  PROJECTION_STATE_COLLECTION,
  ProjectionRunner,
  defineProjection,
  type ProjectionDefinition,
} from '@herald/projections-runtime';
import type { ReadStore } from '@herald/read-store';

const silent = {
  log: () => undefined,
  warn: (message: string) => console.warn(`  runner: ${message}`),
  error: (message: string) => console.error(`  runner: ${message}`),
};

export interface RebuildFigures {
  /** Events in the log (head position) the rebuild went through. */
  readonly logEvents: number;
  /** Events the projection's filter selected, each handled once. */
  readonly handled: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly documents: number;
}

/**
 * A blue/green rebuild as in production: version 1 is live (a placeholder built on no events,
 * so it is at the head at once), version 2 — the real definition — is built beside it from
 * position 0, and the clock stops when the runner has swapped to it, caught up with the head.
 */
export async function timeRebuild(
  eventStore: EventStore,
  readStore: ReadStore,
  definition: ProjectionDefinition,
): Promise<RebuildFigures> {
  const placeholder = defineProjection({
    ...definition,
    version: 1,
    categories: [],
    eventTypes: ['bench.placeholder'],
    handle: () => undefined,
  });
  const first = new ProjectionRunner({ eventStore, readStore, definitions: [placeholder], log: silent });
  await first.start();
  await first.whenCaughtUp(definition.name, { timeoutMs: 120_000 });
  await first.stop();

  const rebuilt = defineProjection({ ...definition, version: 2 });
  const runner = new ProjectionRunner({
    eventStore,
    readStore,
    definitions: [rebuilt],
    idleMs: 20,
    log: silent,
  });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runner.start();
  await runner.whenCaughtUp(definition.name, { timeoutMs: 1_800_000 });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const handled = runner.snapshot().find((worker) => worker.version === 2)?.eventsHandled ?? 0;
  await runner.stop();

  const state = await readStore
    .collection(PROJECTION_STATE_COLLECTION)
    .findOne({ _id: `${definition.name}@v2` });
  const head = await eventStore.headPosition();
  if (state?.checkpoint !== head)
    throw new Error(`${definition.name} v2 stopped at ${String(state?.checkpoint)}, head is ${head}`);
  let documents = 0;
  for (const logical of definition.collections) {
    const physical =
      logical === definition.name ? `${definition.name}_v2` : `${definition.name}.${logical}_v2`;
    documents += await readStore.collection(physical).count();
  }
  return { logEvents: head, handled, seconds, cpuSeconds: (used.user + used.system) / 1e6, documents };
}
