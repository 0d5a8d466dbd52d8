import { HeraldError } from '@herald/shared-kernel';
import type { AppendResult } from '../event-store.port';

/** Where an event id is already stored, if anywhere. */
export interface StoredEventLocation {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * Decides whether an append whose events (some or all) are already stored is a retry.
 * Appends are idempotent by event id: when every event is stored in this stream, contiguous and
 * in the same order, the append already happened and its original result is returned, even if
 * its expected revision would now conflict. Anything in between is an error, never a partial
 * append. Returns null when none of the ids is stored (the append is new).
 */
export function resolveRetry(
  streamId: string,
  eventIds: readonly string[],
  locations: readonly (StoredEventLocation | undefined)[],
): AppendResult | null {
  let found = 0;
  for (let index = 0; index < eventIds.length; index += 1) {
    const location = locations[index];
    if (location === undefined) continue;
    found += 1;
    if (location.streamId !== streamId) {
      throw new HeraldError('EVENT_STORE.EVENT_ID_REUSED', `event ${eventIds[index]} is already stored in another stream`, {
        streamId,
        eventId: eventIds[index],
        storedInStreamId: location.streamId,
      });
    }
  }
  if (found === 0) return null;
  const first = locations[0];
  const exact =
    found === eventIds.length &&
    first !== undefined &&
    locations.every((location, index) => location !== undefined && location.revision === first.revision + index);
  if (!exact) {
    throw new HeraldError('EVENT_STORE.RETRY_MISMATCH', `stream ${streamId}: ${found} of ${eventIds.length} events of this append are already stored, not as this exact append`, {
      streamId,
      storedEvents: found,
      appendedEvents: eventIds.length,
    });
  }
  const last = locations[locations.length - 1] as StoredEventLocation;
  return { nextExpectedRevision: last.revision, position: last.position };
}
