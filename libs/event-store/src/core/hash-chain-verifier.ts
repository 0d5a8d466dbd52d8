import { GENESIS_HASH, chainHash } from '../envelope/hash-chain';
import type { VerifyResult } from '../event-store.port';
import { hashedContentOf, type StoredEvent } from './stored-event';

/** What the store recorded as the stream's end when it last appended: catches a removed tail. */
export interface StreamHead {
  readonly lastRevision: number;
  readonly lastHash: string;
}

/**
 * Recomputes a stream's chain from its stored events, in revision order. An edited event
 * changes its hash; a removed one leaves a revision gap and a prevHash mismatch; reordering
 * changes the revisions the hashes cover; a removed tail no longer reaches the recorded head.
 */
export function verifyChain(streamId: string, events: readonly StoredEvent[], head: StreamHead | null): VerifyResult {
  let prevHash = GENESIS_HASH;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index];
    const broken = (reason: string): VerifyResult => ({ streamId, ok: false, eventsChecked: index, brokenAtRevision: index, reason });
    if (event.revision !== index) return broken(`expected revision ${index}, found ${event.revision}: an event was removed or reordered`);
    if (event.streamId !== streamId) return broken(`event belongs to stream ${event.streamId}`);
    if (event.metadata.prevHash !== prevHash) return broken('prevHash does not match the previous event: an event was removed, reordered or edited');
    const expected = chainHash(prevHash, hashedContentOf(event));
    if (event.metadata.hash !== expected) return broken('hash does not match the stored content: the event was edited');
    prevHash = expected;
  }
  const checked = events.length;
  if (head === null) {
    return checked === 0 ? { streamId, ok: true, eventsChecked: 0 } : { streamId, ok: false, eventsChecked: checked, brokenAtRevision: 0, reason: 'events exist for a stream the store has no head for' };
  }
  if (head.lastRevision !== checked - 1 || head.lastHash !== prevHash) {
    return { streamId, ok: false, eventsChecked: checked, brokenAtRevision: checked, reason: `the stream ends at revision ${checked - 1} but its recorded head is revision ${head.lastRevision}: events were removed from the end` };
  }
  return { streamId, ok: true, eventsChecked: checked };
}
