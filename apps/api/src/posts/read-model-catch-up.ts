import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { ProjectionCatalog } from '@herald/projections-runtime';

export interface CatchUpOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

/** Enough for an embedded projection to apply a few events; short enough that a lagging one does not hold the client. */
export const DEFAULT_CATCH_UP: CatchUpOptions = { timeoutMs: 2_000, intervalMs: 15 };

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a projection's checkpoint until it reaches `position`. true when it did, false when the
 * deadline passed first: the caller answers anyway and says the read may still be stale.
 */
export async function untilCheckpointReaches(
  checkpoint: () => Promise<number>,
  position: number,
  options: CatchUpOptions,
  sleep: (ms: number) => Promise<void> = pause,
  now: () => number = Date.now,
): Promise<boolean> {
  const deadline = now() + options.timeoutMs;
  for (;;) {
    if ((await checkpoint()) >= position) return true;
    if (now() >= deadline) return false;
    await sleep(options.intervalMs);
  }
}

/**
 * Read-your-writes for mutations: a command answers with the stream revision it appended; this
 * finds that event's global position and waits for a projection to have applied it.
 */
@Injectable()
export class ReadModelCatchUp {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: ProjectionCatalog,
  ) {}

  /** true when `projection` holds the stream's change at `revision` (or nothing was appended). */
  async waitFor(
    projection: string,
    streamId: string,
    revision: number | null,
    options: CatchUpOptions = DEFAULT_CATCH_UP,
  ): Promise<boolean> {
    if (revision === null) return true;
    const [event] = await this.store.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (event === undefined) return false;
    return untilCheckpointReaches(() => this.checkpointOf(projection), event.globalPosition, options);
  }

  private async checkpointOf(projection: string): Promise<number> {
    const record = await this.catalog.projection(projection);
    if (record === null) return 0;
    return (await this.catalog.generation(projection, record.liveVersion))?.checkpoint ?? 0;
  }
}
