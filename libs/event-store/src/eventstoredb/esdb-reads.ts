import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type AllStreamRecordedEvent,
  type EventStoreDBClient,
  type ReadRevision,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { HeraldError } from '@herald/shared-kernel';
import { mapEsdbError } from './esdb-mapping';
import { comparePositions, type LogPosition } from './global-position-index';

export type EsdbReadClient = Pick<EventStoreDBClient, 'readStream' | 'readAll'>;

export interface StreamReadRequest {
  readonly direction: 'forwards' | 'backwards';
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

/**
 * Reads a stream's raw events; a stream that does not exist reads as empty. `visit` returns
 * false to stop early (the gRPC read is cancelled).
 */
export async function readStreamRaw(
  client: EsdbReadClient,
  streamName: string,
  request: StreamReadRequest,
  visit: (event: EsdbRecordedEvent) => boolean | Promise<boolean>,
): Promise<void> {
  const fromRevision: ReadRevision =
    request.fromRevision !== undefined
      ? BigInt(request.fromRevision)
      : request.direction === 'forwards'
        ? START
        : END;
  try {
    const read = client.readStream(streamName, {
      direction: request.direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision,
      ...(request.maxCount === undefined ? {} : { maxCount: request.maxCount }),
    });
    for await (const resolved of read) {
      if (resolved.event === undefined) continue;
      if (!(await visit(resolved.event))) break;
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return;
    throw mapEsdbError(error, 'read', { streamId: streamName });
  }
}

export async function readStreamAll(
  client: EsdbReadClient,
  streamName: string,
  request: StreamReadRequest,
): Promise<EsdbRecordedEvent[]> {
  const events: EsdbRecordedEvent[] = [];
  await readStreamRaw(client, streamName, request, (event) => {
    events.push(event);
    return true;
  });
  return events;
}

/**
 * Up to about `maxCount` records of `$all` strictly after `after` (null: from the start). Fewer
 * than `maxCount` means the end of the log was reached. The bound is checked here because the
 * server's `fromPosition` includes the record at that position.
 */
export async function readAllPage(
  client: EsdbReadClient,
  after: LogPosition | null,
  maxCount: number,
): Promise<AllStreamRecordedEvent[]> {
  const page: AllStreamRecordedEvent[] = [];
  try {
    const read = client.readAll({
      direction: FORWARDS,
      fromPosition: after ?? START,
      maxCount: after === null ? maxCount : maxCount + 1,
    });
    for await (const resolved of read) {
      const event = resolved.event;
      if (event === undefined) continue;
      if (after !== null && comparePositions(event.position, after) <= 0) continue;
      page.push(event);
    }
  } catch (error) {
    throw mapEsdbError(error, 'read', {});
  }
  return page;
}

/** Stream reads carry positions only from EventStoreDB 22.6 on; without them global positions cannot be derived. */
export function positionOf(event: EsdbRecordedEvent): LogPosition {
  if (event.position === undefined) {
    throw new HeraldError(
      'CONFIG.INVALID',
      'EventStoreDB did not return event positions on a stream read: Herald needs EventStoreDB or KurrentDB 22.6 or newer.',
      {
        variable: 'EVENTSTORE_CONNECTION_STRING',
      },
    );
  }
  return event.position;
}
