import { HeraldError } from '@herald/shared-kernel';
import type { CheckpointStore } from '../event-store.port';

/** For adapters and tests whose subscribers need not survive a restart. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, number>();

  async load(subscriberId: string): Promise<number | null> {
    return this.positions.get(subscriberId) ?? null;
  }

  async save(subscriberId: string, position: number): Promise<void> {
    if (!Number.isInteger(position) || position < 0) {
      throw new HeraldError('VALIDATION.FAILED', 'a checkpoint is a global position >= 0', { subscriberId, position });
    }
    this.positions.set(subscriberId, position);
  }
}
