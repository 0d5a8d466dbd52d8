import { streamCategory, type EventStore } from '@herald/event-store';
import { HeraldError } from '@herald/shared-kernel';
import { KNOWN_AGGREGATES, type AggregateFold } from './known-aggregates';

export interface StateAsOf {
  readonly streamId: string;
  readonly category: string;
  readonly asOf: string;
  /** Revision of the last event folded; null when the stream did not exist yet at that instant. */
  readonly revision: number | null;
  readonly eventsFolded: number;
  /** When the last folded event was committed. */
  readonly lastEventAt: string | null;
  readonly state: unknown;
}

/** Parses an ISO-8601 instant given by an operator or a client; a bad one is a validation error. */
export function parseInstant(value: string, field: string): Date {
  const instant = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(instant.getTime())) {
    throw new HeraldError('VALIDATION.FAILED', `${field} must be an ISO-8601 instant, got "${value}"`, { field });
  }
  return instant;
}

/**
 * An aggregate's state as it was at an instant: its stream read `asOf` (events committed at or
 * before it) folded with the aggregate's own `evolve`, so the answer is what the system itself
 * believed then. Personal fields erased since read back as erased markers.
 */
export async function stateAsOf(
  store: EventStore,
  streamId: string,
  at: Date,
  aggregates: Readonly<Record<string, AggregateFold>> = KNOWN_AGGREGATES,
): Promise<StateAsOf> {
  const category = streamCategory(streamId);
  const fold = aggregates[category];
  if (fold === undefined) {
    throw new HeraldError(
      'VALIDATION.FAILED',
      `No aggregate is known for stream category "${category}" (known: ${Object.keys(aggregates).join(', ')})`,
      { field: 'streamId' },
    );
  }
  const events = await store.readStream(streamId, { asOf: at });
  let state = fold.initialState;
  for (const event of events) {
    state = fold.evolve(state, { type: event.type, schemaVersion: event.schemaVersion, data: event.data });
  }
  const last = events.at(-1);
  return {
    streamId,
    category,
    asOf: at.toISOString(),
    revision: last?.revision ?? null,
    eventsFolded: events.length,
    lastEventAt: last?.occurredAt ?? null,
    state,
  };
}
