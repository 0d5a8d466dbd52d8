import { jsonEvent, type EventData, type JSONType } from '@eventstore/db-client';
import type { PersonalDataProtector } from '../crypto/personal-data-cipher.port';
import type { NewEvent } from '../envelope/envelope';
import { GENESIS_HASH } from '../envelope/hash-chain';
import { sealMetadata } from '../core/stored-event';
import { toEsdbMetadata } from './esdb-mapping';

/** What an append needs to know of the stream's last event. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
  readonly occurredAt: string;
}

/**
 * Encrypts personal fields and fixes the JSON form once, before any attempt: the hash must
 * cover exactly what ESDB stores and hands back (Dates as ISO strings, undefined dropped).
 */
export async function prepareEvents(
  events: readonly NewEvent[],
  protector: PersonalDataProtector | undefined,
): Promise<NewEvent[]> {
  const prepared: NewEvent[] = [];
  for (const event of events) {
    const personalFields = event.personalFields ?? [];
    const data =
      protector !== undefined && personalFields.length > 0
        ? await protector.encrypt(event.data, personalFields)
        : event.data;
    prepared.push({
      ...event,
      data: asJson(data),
      metadata: asJson(event.metadata) as NewEvent['metadata'],
      personalFields: asJson(personalFields) as NewEvent['personalFields'],
    });
  }
  return prepared;
}

/** Chains the events onto the head read just before, as the ESDB events to append at exactly that revision. */
export function sealForEsdb(
  streamId: string,
  events: readonly NewEvent[],
  head: StreamHead | null,
  now: Date,
): EventData[] {
  const instant = now.toISOString();
  // Commit instants never go backwards within a stream, so asOf always reads a prefix of it.
  const occurredAt = head !== null && head.occurredAt > instant ? head.occurredAt : instant;
  let prevHash = head?.hash ?? GENESIS_HASH;
  let revision = head === null ? 0 : head.revision + 1;
  return events.map((event) => {
    const personalFields = event.personalFields ?? [];
    const unsealed = {
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId,
      revision,
      occurredAt,
      data: event.data,
      metadata: event.metadata,
      personalFields,
    };
    const metadata = sealMetadata(prevHash, unsealed);
    prevHash = metadata.hash;
    revision += 1;
    return jsonEvent({
      id: event.id,
      type: event.type,
      data: event.data as JSONType,
      metadata: toEsdbMetadata({ ...unsealed, metadata }),
    });
  });
}

function asJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
