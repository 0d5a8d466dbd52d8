import type { Clock } from '@herald/shared-kernel';
import type { CollectionWrite, ReadStore } from '@herald/read-store';
import { stateWrite } from './projection-state';

/**
 * The read-model writes of a run of events and the checkpoint that covers them, committed in
 * one `writeBatch` with the checkpoint last. On an atomic store that is one transaction; on the
 * others a crash leaves a prefix of position-stamped writes, which the replay from the old
 * checkpoint skips.
 */
export class PendingBatch {
  private writes: CollectionWrite[] = [];
  /** The first commit error, kept so a failure during a handler's read is not mistaken for the handler's own. */
  commitError: unknown = null;

  constructor(
    private readonly readStore: ReadStore,
    private readonly generationId: string,
    private readonly clock: Clock,
    private readonly committed: (checkpoint: number) => void,
  ) {}

  get pending(): number {
    return this.writes.length;
  }

  add(writes: readonly CollectionWrite[]): void {
    this.writes.push(...writes);
  }

  async commit(checkpoint: number): Promise<void> {
    const writes = [
      ...this.writes,
      stateWrite(this.generationId, { checkpoint, updatedAt: this.clock.now().toISOString() }),
    ];
    try {
      await this.readStore.writeBatch(writes);
    } catch (error) {
      this.commitError ??= error;
      throw error;
    }
    this.writes = [];
    this.committed(checkpoint);
  }

  /** Commits only when there is something to commit: a read needs earlier writes, not a fresh checkpoint. */
  async commitPending(checkpoint: number): Promise<void> {
    if (this.writes.length > 0) await this.commit(checkpoint);
  }
}
