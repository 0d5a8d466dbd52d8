import { uuidV7Generator } from '@herald/shared-kernel';
import type { NewEvent, SqliteEventStore } from '@herald/event-store';
import type { WorkloadEvent } from './workload';

/** Events appended per round; within a round each stream's events go in one append, in order. */
const ROUND = 4_000;

export interface SeedResult {
  readonly events: number;
  readonly seconds: number;
}

function toNewEvent(item: WorkloadEvent): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type: item.event.type,
    schemaVersion: item.event.schemaVersion,
    data: item.event.data,
    metadata: {
      tenantId: item.tenantId,
      actor: { kind: 'user', id: 'user-author' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      subjectIds: [],
    },
  };
}

/**
 * Appends the workload to Herald's store with exact expected revisions. Rounds of a few thousand
 * events keep the log in time order at round granularity while letting group commit batch the
 * appends of one round (untimed set-up, so only its correctness matters).
 */
export async function seedHerald(
  store: SqliteEventStore,
  workload: Iterable<WorkloadEvent>,
): Promise<SeedResult> {
  const started = performance.now();
  const revisions = new Map<string, number>();
  let count = 0;
  let round: WorkloadEvent[] = [];
  const flush = async (): Promise<void> => {
    const byStream = new Map<string, NewEvent[]>();
    for (const item of round) {
      const event = toNewEvent(item);
      const list = byStream.get(item.streamId) ?? [];
      list.push(event);
      byStream.set(item.streamId, list);
      count += 1;
    }
    await Promise.all(
      [...byStream].map(async ([streamId, events]) => {
        const revision = revisions.get(streamId);
        const result = await store.append(streamId, events, {
          expectedRevision: revision === undefined ? 'no_stream' : revision,
        });
        revisions.set(streamId, result.nextExpectedRevision);
      }),
    );
    round = [];
  };
  for (const item of workload) {
    round.push(item);
    if (round.length >= ROUND) await flush();
  }
  if (round.length > 0) await flush();
  return { events: count, seconds: (performance.now() - started) / 1000 };
}
