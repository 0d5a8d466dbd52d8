import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  streamNameFilter,
  type AppendExpectedRevision,
  type Filter,
  type CurrentRevision,
} from '@eventstore/db-client';
import { HeraldError } from '@herald/shared-kernel';
import { corruptEvent, parsePersonalFields, parseStoredMetadata } from '../core/event-decoding';
import type { StoredEvent } from '../core/stored-event';
import { concurrencyConflict } from '../core/append-validation';
import type { EventMetadata, PersonalField } from '../envelope/envelope';
import type { ExpectedRevision } from '../event-store.port';

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/** ESDB's "current revision" of a stream as our `actual`: the last revision, or null when there is no stream. */
export function fromEsdbCurrentRevision(current: CurrentRevision | undefined): number | null {
  return typeof current === 'bigint' && current >= 0n ? Number(current) : null;
}

/**
 * Names of our streams in EventStoreDB. A namespace lets several Herald environments (or test
 * runs) share one cluster: each sees only its own streams and its own gap-free `$all` order.
 */
export class EsdbStreamNames {
  private readonly prefix: string;

  constructor(readonly namespace?: string) {
    if (namespace !== undefined && !/^[A-Za-z0-9_]+$/.test(namespace)) {
      throw new HeraldError(
        'CONFIG.INVALID',
        'The EventStoreDB namespace may hold only letters, digits and underscores.',
        {
          variable: 'HERALD_EVENTSTORE_NAMESPACE',
        },
      );
    }
    this.prefix = namespace === undefined ? '' : `${namespace}:`;
  }

  toEsdb(streamId: string): string {
    return `${this.prefix}${streamId}`;
  }

  fromEsdb(streamName: string): string {
    return streamName.slice(this.prefix.length);
  }

  checkpointStream(subscriberId: string): string {
    return `$checkpoint-${this.prefix}${subscriberId}`;
  }

  /**
   * Whether an event of `$all` is one of ours, i.e. counts in the gap-free global order. System
   * streams (`$…`: metadata, projections' links, stats, our checkpoints) and system event
   * types never count, so scavenging them (checkpoints keep `$maxCount: 1`) cannot shift positions.
   */
  isHeraldEvent(streamName: string, type: string): boolean {
    if (type.startsWith('$') || streamName.startsWith('$')) return false;
    return this.prefix === '' || streamName.startsWith(this.prefix);
  }

  /** A server-side filter that lets through every Herald event (a superset; `isHeraldEvent` decides). */
  serverFilter(): Filter {
    return this.prefix === ''
      ? streamNameFilter({ regex: '^[^$]' })
      : streamNameFilter({ prefixes: [this.prefix] });
  }
}

/** Keys of the ESDB metadata that are not part of our `EventMetadata`. */
const ENVELOPE_KEYS = [
  '$correlationId',
  '$causationId',
  'heraldEnvelope',
  'schemaVersion',
  'occurredAt',
  'personalFields',
] as const;
const ENVELOPE_VERSION = 1;

/**
 * Our envelope as ESDB event metadata: the stored `EventMetadata` flat (so the ESDB UI and
 * projections see tenant, actor and hashes), plus what ESDB has no field for (schema version,
 * our commit instant, personal fields) and its own `$correlationId`/`$causationId` so
 * `$by_correlation_id` works.
 */
export function toEsdbMetadata(
  event: Pick<StoredEvent, 'metadata' | 'schemaVersion' | 'occurredAt' | 'personalFields'>,
): Record<string, unknown> {
  return {
    ...event.metadata,
    $correlationId: event.metadata.correlationId,
    ...(event.metadata.causationId === null ? {} : { $causationId: event.metadata.causationId }),
    heraldEnvelope: ENVELOPE_VERSION,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    personalFields: event.personalFields,
  };
}

/** The parts of an ESDB recorded event the mapping reads (kept narrow so it can be tested without a server). */
export interface EsdbRecordedEventLike {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An ESDB event back to the stored envelope; anything not written by this adapter is a corrupt event. */
export function fromEsdbEvent(
  raw: EsdbRecordedEventLike,
  names: EsdbStreamNames,
  globalPosition: number,
): StoredEvent {
  const streamId = names.fromEsdb(raw.streamId);
  const revision = Number(raw.revision);
  if (!raw.isJson)
    throw corruptEvent(streamId, revision, 'the event is not JSON; it was not written by Herald');
  const meta = raw.metadata;
  if (!isRecord(meta) || meta.heraldEnvelope !== ENVELOPE_VERSION) {
    throw corruptEvent(streamId, revision, 'the event metadata is not a Herald envelope');
  }
  if (!Number.isInteger(meta.schemaVersion) || typeof meta.occurredAt !== 'string') {
    throw corruptEvent(streamId, revision, 'the envelope lacks its schema version or commit instant');
  }
  const personalFields: PersonalField[] = parsePersonalFields(meta.personalFields, streamId, revision);
  const rest: Record<string, unknown> = { ...meta };
  for (const key of ENVELOPE_KEYS) delete rest[key];
  const metadata: EventMetadata = parseStoredMetadata(rest, streamId, revision);
  return {
    id: raw.id,
    type: raw.type,
    schemaVersion: meta.schemaVersion as number,
    streamId,
    revision,
    globalPosition,
    occurredAt: meta.occurredAt,
    data: raw.data,
    metadata,
    personalFields,
  };
}

export type EsdbOperation = 'append' | 'read';

/**
 * Client errors as Herald errors. A transport failure during an append is reported as an
 * unknown outcome, not as "nothing stored": the server may have committed before the
 * connection broke, and only a retry with the same event ids (idempotent) settles it.
 */
export function mapEsdbError(
  error: unknown,
  operation: EsdbOperation,
  context: { readonly streamId?: string; readonly expected?: ExpectedRevision },
): unknown {
  if (error instanceof HeraldError) return error;
  const streamId = context.streamId;
  if (error instanceof WrongExpectedVersionError) {
    return concurrencyConflict(
      streamId ?? error.streamName,
      context.expected ?? 'any',
      fromEsdbCurrentRevision(error.actualVersion),
    );
  }
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
  ) {
    const details = { streamId, reason: error.message };
    return operation === 'append'
      ? new HeraldError(
          'EVENT_STORE.OUTCOME_UNKNOWN',
          'EventStoreDB did not confirm the append; it may or may not be stored. Retry it with the same event ids.',
          details,
          { cause: error },
        )
      : new HeraldError(
          'EVENT_STORE.SERVER_UNREACHABLE',
          'EventStoreDB cannot be reached; nothing was read. Retry later.',
          details,
          { cause: error },
        );
  }
  if (error instanceof AccessDeniedError) {
    return new HeraldError(
      'CONFIG.INVALID',
      'EventStoreDB refused the credentials of EVENTSTORE_CONNECTION_STRING (reading $all needs an admin or ops user).',
      {
        variable: 'EVENTSTORE_CONNECTION_STRING',
      },
      { cause: error },
    );
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new HeraldError(
      'VALIDATION.FAILED',
      `The append is larger than EventStoreDB accepts (${error.maxAppendSize} bytes).`,
      {
        field: 'events',
        streamId,
      },
    );
  }
  if (error instanceof StreamDeletedError) {
    const deleted = streamId ?? error.streamName;
    return new HeraldError(
      'EVENT_STORE.CORRUPT_EVENT',
      `stream ${deleted} was deleted in EventStoreDB; Herald never deletes streams`,
      {
        streamId: deleted,
        reason: 'stream deleted',
      },
    );
  }
  return error;
}
