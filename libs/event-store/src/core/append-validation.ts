import { HeraldError } from '@herald/shared-kernel';
import type { NewEvent } from '../envelope/envelope';
import type { AppendOptions, ExpectedRevision } from '../event-store.port';

const invalid = (message: string, details: Record<string, unknown>): HeraldError =>
  new HeraldError('VALIDATION.FAILED', message, details);

/**
 * Rejects an append before any adapter work. Shared by every adapter so they refuse the same
 * inputs (the contract suite checks it).
 */
export function validateAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw invalid('stream id must be a non-empty string', { field: 'streamId' });
  if (streamId.startsWith('$')) throw invalid('stream ids starting with $ are reserved', { field: 'streamId', streamId });
  validateExpectedRevision(options.expectedRevision, streamId);
  if (!Array.isArray(events) || events.length === 0) throw invalid('an append needs at least one event', { field: 'events', streamId });
  const ids = new Set<string>();
  events.forEach((event, index) => {
    if (typeof event.id !== 'string' || event.id.length === 0) throw invalid('event id must be a non-empty string', { field: `events[${index}].id`, streamId });
    if (ids.has(event.id)) throw new HeraldError('EVENT_STORE.EVENT_ID_REUSED', 'the same event id appears twice in one append', { streamId, eventId: event.id });
    ids.add(event.id);
    if (typeof event.type !== 'string' || event.type.length === 0) throw invalid('event type must be a non-empty string', { field: `events[${index}].type`, streamId });
    if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) throw invalid('schemaVersion must be an integer >= 1', { field: `events[${index}].schemaVersion`, streamId });
    if (typeof event.metadata !== 'object' || event.metadata === null) throw invalid('event metadata is required', { field: `events[${index}].metadata`, streamId });
  });
}

function validateExpectedRevision(expected: ExpectedRevision, streamId: string): void {
  if (expected === 'no_stream' || expected === 'exists' || expected === 'any') return;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= 0) return;
  throw invalid('expectedRevision must be no_stream, exists, any or a revision >= 0', { field: 'expectedRevision', streamId });
}

/** `actual` is the stream's last revision, null when it has no events. */
export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: number | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'exists':
      return actual !== null;
    default:
      return actual === expected;
  }
}

export function concurrencyConflict(streamId: string, expected: ExpectedRevision, actual: number | null): HeraldError {
  return new HeraldError(
    'CONCURRENCY.CONFLICT',
    `stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`,
    { streamId, expected, actual },
  );
}
