import path from 'node:path';
import { SqliteEventStore } from '@herald/event-store';
import type { AppendTarget, BenchEvent } from '../workload';

export const HERALD_FILE = 'herald.db';

/** Herald's embedded store as the app opens it: WAL, synchronous FULL, group commit. */
export async function openHerald(dir: string): Promise<{ target: AppendTarget; durability: string }> {
  const store = await SqliteEventStore.open({ path: path.join(dir, HERALD_FILE), synchronous: 'FULL' });
  const { journalMode, synchronous, busyTimeoutMs } = store.durability();
  const target: AppendTarget = {
    async append(event: BenchEvent, lastRevision: number | null): Promise<void> {
      const { id, type, data, metadata, streamId } = event;
      const result = await store.append(streamId, [{ id, type, schemaVersion: 1, data, metadata }], {
        expectedRevision: lastRevision === null ? 'no_stream' : lastRevision,
      });
      const expected = lastRevision === null ? 0 : lastRevision + 1;
      if (result.nextExpectedRevision !== expected) {
        throw new Error(
          `herald: ${streamId} is at revision ${result.nextExpectedRevision}, expected ${expected}`,
        );
      }
    },
    close: () => store.close(),
  };
  return {
    target,
    durability: `journal_mode=${journalMode}, synchronous=${synchronous}, busy_timeout=${busyTimeoutMs}ms, group commit`,
  };
}
