import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidV7Generator, type Clock } from '@herald/shared-kernel';
import { SqliteEventStore, type NewEvent, type RecordedEvent } from '@herald/event-store';
import { EmbeddedReadStore, type AnyDocument, type ReadStore } from '@herald/read-store';
import {
  defineProjection,
  ProjectionRunner,
  type ProjectionDefinition,
  type ProjectionLog,
  type ProjectionRunnerOptions,
} from '../src';

export interface TestStores {
  readonly dir: string;
  eventStore: SqliteEventStore;
  readStore: ReadStore;
  /** Closes both files and opens them again, as a restarted process would. */
  reopen(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function openStores(options: { clock?: Clock } = {}): Promise<TestStores> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-projections-'));
  const openEvents = () =>
    SqliteEventStore.open({
      path: join(dir, 'events.sqlite'),
      synchronous: 'NORMAL',
      pollIntervalMs: 20,
      clock: options.clock,
    });
  const openRead = () => EmbeddedReadStore.open({ filename: join(dir, 'read.sqlite') });
  const stores: TestStores = {
    dir,
    eventStore: await openEvents(),
    readStore: openRead(),
    reopen: async () => {
      await stores.eventStore.close();
      await stores.readStore.close();
      stores.eventStore = await openEvents();
      stores.readStore = openRead();
    },
    cleanup: async () => {
      await stores.eventStore.close();
      await stores.readStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stores;
}

export function newEvent(type: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      tenantId: 'tenant-1',
      actor: { kind: 'system', id: 'test' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      subjectIds: [],
    },
  };
}

/** Appends `count` events of `types` (cycled) to each of `streams`, in chunks of 100 per append. */
export async function appendEvents(
  store: SqliteEventStore,
  streams: readonly string[],
  count: number,
  types: readonly string[] = ['post.scheduled', 'post.published'],
): Promise<void> {
  for (const streamId of streams) {
    let revision = -1;
    for (let start = 0; start < count; start += 100) {
      const chunk = Array.from({ length: Math.min(100, count - start) }, (_, i) =>
        newEvent(types[(start + i) % types.length], { n: start + i }),
      );
      const result = await store.append(streamId, chunk, {
        expectedRevision: revision < 0 ? 'no_stream' : revision,
      });
      revision = result.nextExpectedRevision;
    }
  }
}

/** The messages a runner logged, for assertions and for showing what happened when a spec fails. */
export class RecordingLog implements ProjectionLog {
  readonly messages: string[] = [];
  log(message: string): void {
    this.messages.push(`log: ${message}`);
  }
  warn(message: string): void {
    this.messages.push(`warn: ${message}`);
  }
  error(message: string): void {
    this.messages.push(`error: ${message}`);
  }
}

export function newRunner(
  stores: Pick<TestStores, 'eventStore' | 'readStore'>,
  definitions: readonly ProjectionDefinition[],
  overrides: Partial<ProjectionRunnerOptions> = {},
): ProjectionRunner {
  return new ProjectionRunner({
    eventStore: stores.eventStore,
    readStore: stores.readStore,
    definitions,
    batchSize: 50,
    idleMs: 25,
    reconcileIntervalMs: 50,
    retireGraceMs: 0,
    backoff: { initialMs: 5, maxMs: 50 },
    log: new RecordingLog(),
    ...overrides,
  });
}

const typeKey = (event: RecordedEvent): string => event.type.replace(/\./g, '_');

/**
 * Counts events per post stream and in total: `$inc` everywhere, so any event applied twice or
 * lost shows up as a wrong count.
 */
export function postCounters(
  version = 1,
  overrides: Partial<ProjectionDefinition> = {},
): ProjectionDefinition {
  return defineProjection({
    name: 'postCounters',
    version,
    categories: ['post'],
    collections: ['postCounters', 'totals'],
    setup: async (indexes) => indexes.createIndex('postCounters', { fields: { lastType: 1 } }),
    handle: (event, context) => {
      context.upsert('postCounters', event.streamId, {
        $inc: { events: 1, [typeKey(event)]: 1 },
        $set: { lastType: event.type, version },
      });
      context.upsert('totals', 'all', { $inc: { events: 1 } });
    },
    ...overrides,
  });
}

/** Every document of a collection, in `_id` order, for comparisons. */
export async function allDocuments(readStore: ReadStore, collection: string): Promise<AnyDocument[]> {
  return readStore.collection(collection).find({}, { sort: { _id: 1 } });
}

export const streamsOf = (category: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${category}-${String(i).padStart(4, '0')}`);

/** Polls `condition` until it holds; for states with no event to wait on. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
