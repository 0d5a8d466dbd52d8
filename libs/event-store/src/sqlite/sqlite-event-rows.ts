import { corruptEvent, parsePersonalFields, parseStoredJson, parseStoredMetadata } from '../core/event-decoding';
import type { StoredEvent } from '../core/stored-event';
import type { EventRow } from './sqlite-schema';

/** A row as stored → the stored event; malformed content fails naming the stream and revision. */
export function rowToStoredEvent(row: EventRow): StoredEvent {
  const { stream_id: streamId, revision } = row;
  if (typeof row.type !== 'string' || !Number.isInteger(row.schema_version) || typeof row.occurred_at !== 'string') {
    throw corruptEvent(streamId, revision, 'type, schema version or timestamp is malformed');
  }
  return {
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId,
    revision,
    globalPosition: row.position,
    occurredAt: row.occurred_at,
    data: parseStoredJson(row.data, 'data', streamId, revision),
    metadata: parseStoredMetadata(parseStoredJson(row.metadata, 'metadata', streamId, revision), streamId, revision),
    personalFields: parsePersonalFields(parseStoredJson(row.personal_fields, 'personal_fields', streamId, revision), streamId, revision),
  };
}
