import { HeraldError } from '@herald/shared-kernel';
import { streamCategory, type PersonalField, type RecordedEvent } from '@herald/event-store';

/** Content type of a structured-mode CloudEvent (the Kafka protocol binding's `content-type` header). */
export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/**
 * A stored event as CloudEvents 1.0 structured JSON. Herald's choices:
 * - `id` is the event id (UUIDv7), unique across all sources: consumers dedupe by it;
 * - `source` is `/herald/<category>`, `subject` the stream id, `type` the stored event type;
 * - envelope facts travel as extension attributes (lower-case, as the spec requires);
 * - `data` is the event data as stored: personal fields stay AES-256-GCM encrypted values,
 *   `personalfields` lists them (JSON text) for consumers holding the key vault;
 * - request `ip`, `userAgent` and `requestId` of the metadata stay home: they are personal data.
 */
export interface HeraldCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  /** Absent for events outside any organization (a user's own stream). */
  readonly tenantid?: string;
  readonly correlationid: string;
  /** Absent when the event has no cause recorded (a command from a client). */
  readonly causationid?: string;
  readonly actorkind: string;
  readonly actorid: string;
  readonly globalposition: number;
  readonly streamrevision: number;
  readonly schemaversion: number;
  readonly prevhash: string;
  readonly hash: string;
  /** JSON text of `[{ path, subjectId }]`; absent when the data holds no personal field. */
  readonly personalfields?: string;
  /** JSON text of the data subjects' ids; absent when none. */
  readonly subjectids?: string;
  readonly data: unknown;
}

export function toCloudEvent(event: RecordedEvent): HeraldCloudEvent {
  const { metadata } = event;
  return {
    specversion: '1.0',
    id: event.id,
    source: `/herald/${streamCategory(event.streamId)}`,
    type: event.type,
    subject: event.streamId,
    time: event.occurredAt,
    datacontenttype: 'application/json',
    ...(metadata.tenantId === null ? {} : { tenantid: metadata.tenantId }),
    correlationid: metadata.correlationId,
    ...(metadata.causationId === null ? {} : { causationid: metadata.causationId }),
    actorkind: metadata.actor.kind,
    actorid: metadata.actor.id,
    globalposition: event.globalPosition,
    streamrevision: event.revision,
    schemaversion: event.schemaVersion,
    prevhash: metadata.prevHash,
    hash: metadata.hash,
    ...(event.personalFields.length === 0 ? {} : { personalfields: JSON.stringify(event.personalFields) }),
    ...(metadata.subjectIds.length === 0 ? {} : { subjectids: JSON.stringify(metadata.subjectIds) }),
    data: event.data,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const REQUIRED_STRINGS = [
  'id',
  'source',
  'type',
  'subject',
  'time',
  'correlationid',
  'actorkind',
  'actorid',
  'prevhash',
  'hash',
] as const;
const REQUIRED_INTEGERS = ['globalposition', 'streamrevision', 'schemaversion'] as const;
const OPTIONAL_STRINGS = ['tenantid', 'causationid', 'personalfields', 'subjectids'] as const;

/** Parses a message from a `herald.*` topic; anything else is `MESSAGING.INVALID_CLOUD_EVENT` (a poison message). */
export function parseCloudEvent(value: string): HeraldCloudEvent {
  const invalid = (reason: string) =>
    new HeraldError('MESSAGING.INVALID_CLOUD_EVENT', `not a Herald CloudEvent: ${reason}`, { reason });
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid('the value is not JSON');
  }
  if (!isRecord(parsed)) throw invalid('the value is not a JSON object');
  if (parsed.specversion !== '1.0') throw invalid('specversion is not "1.0"');
  if (parsed.datacontenttype !== 'application/json') throw invalid('datacontenttype is not application/json');
  for (const name of REQUIRED_STRINGS)
    if (typeof parsed[name] !== 'string' || parsed[name] === '')
      throw invalid(`${name} is missing or not a string`);
  for (const name of REQUIRED_INTEGERS)
    if (!Number.isInteger(parsed[name])) throw invalid(`${name} is missing or not an integer`);
  for (const name of OPTIONAL_STRINGS)
    if (parsed[name] !== undefined && typeof parsed[name] !== 'string')
      throw invalid(`${name} is not a string`);
  if (Number.isNaN(Date.parse(parsed.time as string))) throw invalid('time is not a timestamp');
  if (!('data' in parsed)) throw invalid('data is missing');
  return parsed as unknown as HeraldCloudEvent;
}

/** The personal fields a consumer must decrypt (with the key vault) before reading them. */
export function cloudEventPersonalFields(event: HeraldCloudEvent): PersonalField[] {
  if (event.personalfields === undefined) return [];
  let fields: unknown;
  try {
    fields = JSON.parse(event.personalfields);
  } catch {
    fields = null;
  }
  if (
    !Array.isArray(fields) ||
    !fields.every(
      (field) => isRecord(field) && typeof field.path === 'string' && typeof field.subjectId === 'string',
    )
  ) {
    throw new HeraldError(
      'MESSAGING.INVALID_CLOUD_EVENT',
      'personalfields is not a list of { path, subjectId }',
      { reason: 'personalfields', id: event.id },
    );
  }
  return fields as PersonalField[];
}
