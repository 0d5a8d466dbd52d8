import { HeraldError, type DomainEvent } from '@herald/shared-kernel';
import type { RecordedEvent } from '@herald/event-store';

/**
 * The schema version a projection reads, per event type. Typed by the context's event union, so
 * a type renamed or added in the domain shows up here at compile time.
 */
export type EventVersions<E extends DomainEvent> = { readonly [T in E['type']]: number };

/** A stored event narrowed to a context's domain event union, with its envelope. */
export type Recorded<E extends DomainEvent> = E & { readonly envelope: RecordedEvent };

/**
 * Narrows a recorded event to the projection's union. The store upcasts old versions on read,
 * so any other version means the code is older than the log: stopping the projection (the
 * runner keeps it at this event until an operator acts) beats guessing at the payload's shape.
 */
export function domainEventOf<E extends DomainEvent>(event: RecordedEvent, versions: EventVersions<E>): Recorded<E> | null {
  if (!Object.prototype.hasOwnProperty.call(versions, event.type)) return null;
  const expected = (versions as Readonly<Record<string, number>>)[event.type];
  if (event.schemaVersion !== expected) {
    throw new HeraldError('INTERNAL', `${event.type} v${event.schemaVersion} at position ${event.globalPosition} is not the v${expected} this projection reads; deploy the upcaster or the new projection.`, {
      eventType: event.type,
      schemaVersion: event.schemaVersion,
      supported: expected,
    });
  }
  if (typeof event.data !== 'object' || event.data === null) {
    throw new HeraldError('INTERNAL', `${event.type} at position ${event.globalPosition} has no data object.`, { eventType: event.type });
  }
  return { type: event.type, schemaVersion: event.schemaVersion, data: event.data, envelope: event } as unknown as Recorded<E>;
}

/** The types of a version map: the `eventTypes` a projection subscribes to. */
export const typesOf = <E extends DomainEvent>(versions: EventVersions<E>): string[] => Object.keys(versions);

/** `post-0190…` → `0190…`. */
export function streamEntityId(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? '' : streamId.slice(dash + 1);
}
