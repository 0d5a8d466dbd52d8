import { erasedValue, type EventMetadata, type EventStore, type KeyVault, type RecordedEvent } from '@herald/event-store';

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
  readonly metadata: Omit<EventMetadata, 'prevHash' | 'ip' | 'userAgent'> & { ip?: unknown; userAgent?: unknown };
}

export interface SubjectExportOptions {
  /** Events read from `$all` per round trip (default 500). */
  readonly batchSize?: number;
  /**
   * Lets the export show an erased user's request origins (ip, user agent) as erased. The log
   * keeps them in plaintext metadata, inside the hash chain, so they cannot be shredded there.
   */
  readonly keyVault?: Pick<KeyVault, 'isForgotten'>;
}

function exported(event: RecordedEvent, originErased: boolean): ExportedEvent {
  const { prevHash: _prevHash, ...stored } = event.metadata;
  const erased = erasedValue(stored.actor.id);
  const metadata = originErased
    ? { ...stored, ...(stored.ip === undefined ? {} : { ip: erased }), ...(stored.userAgent === undefined ? {} : { userAgent: erased }) }
    : stored;
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
      if (!event.metadata.subjectIds.includes(subjectId)) continue;
      const { actor } = event.metadata;
      const originErased =
        actor.kind === 'user' && options.keyVault !== undefined && (await options.keyVault.isForgotten(actor.id));
      yield exported(event, originErased);
    }
    if (batch.length < batchSize) return;
    afterPosition = batch[batch.length - 1].globalPosition;
  }
}
