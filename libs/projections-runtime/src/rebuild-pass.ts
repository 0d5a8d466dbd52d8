import { isHeraldError, type Clock } from '@herald/shared-kernel';
import type { AllFilter, EventStore, RecordedEvent } from '@herald/event-store';
import {
  DocumentOverlay,
  type Filter,
  type FindOptions,
  type ReadStore,
  type StoredDocument,
} from '@herald/read-store';
import { EventContext, type ContextReader } from './event-context';
import type { ProjectionDefinition } from './projection';
import { stateWrite } from './projection-state';

export interface RebuildSettings {
  /** Events read from the log per query. */
  readonly readSize: number;
  /** Events applied in memory before their documents and the checkpoint are written. */
  readonly flushEvents: number;
  /** Changed documents held in memory before they are written, whatever the event count. */
  readonly flushDocuments: number;
  /** Clean documents kept in memory across flushes. */
  readonly cacheLimit: number;
}

export const DEFAULT_REBUILD_SETTINGS: RebuildSettings = {
  readSize: 1_000,
  flushEvents: 50_000,
  flushDocuments: 25_000,
  cacheLimit: 100_000,
};

export type PassOutcome = 'progress' | 'idle' | 'failed';

/** What a pass needs from the worker that runs it. */
export interface RebuildHost {
  readonly definition: ProjectionDefinition;
  readonly generationId: string;
  readonly filter: AllFilter | undefined;
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly clock: Clock;
  readonly settings: RebuildSettings;
  /** The stored checkpoint the pass starts after. */
  readonly checkpoint: number;
  physical(logical: string): string;
  isStopped(): boolean;
  isPermanent(error: unknown): boolean;
  /** A flush committed `events` more handled events up to `checkpoint`. */
  committed(checkpoint: number, events: number): void;
  /** Poison event: the state before it is stored; record it and stop. */
  recordFailure(event: RecordedEvent, error: unknown): Promise<void>;
  /** The store refused what the pass produced: replay up to `position` the slow way to find the culprit. */
  fallBack(position: number): void;
}

/** Keeps the first error of a store read, so a handler that swallowed it is not mistaken for a poison event. */
class OverlayReader implements ContextReader {
  error: unknown = null;

  constructor(private readonly overlay: DocumentOverlay) {}

  async get<T extends StoredDocument>(collection: string, id: string): Promise<T | null> {
    return this.guard(() => this.overlay.get<T>(collection, id));
  }

  async find<T extends StoredDocument>(
    collection: string,
    filter: Filter<T>,
    options?: FindOptions<T>,
  ): Promise<T[]> {
    return this.guard(() => this.overlay.find<T>(collection, filter, options));
  }

  private async guard<R>(read: () => Promise<R>): Promise<R> {
    try {
      return await read();
    } catch (error) {
      // A filter the store rejects is the handler's mistake; anything else is the store's.
      if (!isHeraldError(error, 'READ_STORE.UNSUPPORTED_QUERY')) this.error ??= error;
      throw error;
    }
  }
}

/**
 * The rebuild fast path, for a version no query reads yet: events apply to an in-memory overlay
 * of the version's documents (reads served from it), and every `flushEvents` events the changed
 * documents and the checkpoint are written in one batch — one transaction on the embedded store.
 * Handlers see exactly what they would on the live path (every earlier event, none of their own
 * writes), documents end up identical, `_position` stamps included, and a crash loses only work
 * since the last flush, which resumes from the stored checkpoint.
 */
export async function runRebuildPass(host: RebuildHost): Promise<PassOutcome> {
  const { settings, definition } = host;
  const overlay = await DocumentOverlay.open(
    host.readStore,
    definition.collections.map((logical) => host.physical(logical)),
    { cacheLimit: settings.cacheLimit },
  );
  const reader = new OverlayReader(overlay);
  let position = host.checkpoint;
  let pending = 0;

  /** False when the store refused the documents for good (the slow path takes over). */
  const flush = async (checkpoint: number): Promise<boolean> => {
    const writes = [
      ...overlay.flushWrites(),
      stateWrite(host.generationId, { checkpoint, updatedAt: host.clock.now().toISOString() }),
    ];
    try {
      await host.readStore.writeBatch(writes);
    } catch (error) {
      if (!host.isPermanent(error)) throw error;
      host.fallBack(checkpoint);
      return false;
    }
    overlay.flushed();
    host.committed(checkpoint, pending);
    pending = 0;
    return true;
  };

  for (;;) {
    const head = await host.eventStore.headPosition();
    const limit = settings.readSize;
    const events = await host.eventStore.readAll({
      afterPosition: position,
      maxCount: limit,
      filter: host.filter,
    });
    const complete = events.length < limit;
    const last = events.length > 0 ? events[events.length - 1].globalPosition : position;
    const target = complete ? Math.max(last, head) : last;
    for (const event of events) {
      const context = new EventContext(event, (logical) => host.physical(logical), reader);
      let failure: { error: unknown } | null = null;
      try {
        await definition.handle(event, context);
      } catch (error) {
        failure = { error };
      }
      context.seal();
      if (reader.error !== null) throw reader.error;
      if (failure !== null) {
        // Keep what the earlier events did: the version stops exactly before this event.
        if (!(await flush(event.globalPosition - 1))) return 'progress';
        await host.recordFailure(event, failure.error);
        return 'failed';
      }
      try {
        await overlay.apply(context.writes);
      } catch (error) {
        if (reader.error !== null || !host.isPermanent(error)) throw error;
        // The overlay may hold half of this event: drop it and let the slow path name the event.
        host.fallBack(event.globalPosition);
        return 'progress';
      }
      pending += 1;
    }
    position = target;
    if (complete) return (await flush(target)) ? 'idle' : 'progress';
    const full = pending >= settings.flushEvents || overlay.dirtyDocuments >= settings.flushDocuments;
    if (full || host.isStopped()) {
      if (!(await flush(target))) return 'progress';
      if (host.isStopped()) return 'progress';
    }
  }
}
