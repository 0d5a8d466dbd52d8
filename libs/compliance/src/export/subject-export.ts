import type { EventMetadata, EventStore, RecordedEvent } from '@herald/event-store';

/** One event of a subject access export (GDPR art. 15), decrypted as far as keys still exist. */
export interface ExportedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly revision: number;
  readonly globalPosition: number;
  readonly occurredAt: string;
  readonly data: unknown;
  readonly personalFields: readonly string[];
  readonly metadata: Omit<EventMetadata, 'prevHash'>;
}

export interface SubjectExportOptions {
  /** Events read from `$all` per round trip (default 500). */
  readonly batchSize?: number;
}

function exported(event: RecordedEvent): ExportedEvent {
  const { prevHash: _prevHash, ...metadata } = event.metadata;
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    revision: event.revision,
    globalPosition: event.globalPosition,
    occurredAt: event.occurredAt,
    data: event.data,
    personalFields: event.personalFields.map((field) => field.path),
    metadata,
  };
}

/**
 * Every event whose metadata names the subject, in log order, streamed in batches so an export
 * of a long history never holds the log in memory. The store decrypts personal fields on read:
 * before erasure the export carries the plaintext, afterwards erased markers.
 */
export async function* exportSubject(
  store: EventStore,
  subjectId: string,
  options: SubjectExportOptions = {},
): AsyncGenerator<ExportedEvent> {
  const batchSize = options.batchSize ?? 500;
  let afterPosition = 0;
  for (;;) {
    const batch = await store.readAll({ afterPosition, maxCount: batchSize });
    for (const event of batch) {
      if (event.metadata.subjectIds.includes(subjectId)) yield exported(event);
    }
    if (batch.length < batchSize) return;
    afterPosition = batch[batch.length - 1].globalPosition;
  }
}
