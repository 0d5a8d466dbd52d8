import { isHeraldError } from '@herald/shared-kernel';
import type { RecordedEvent } from '../envelope/envelope';
import type { PersonalDataProtector } from '../crypto/personal-data-cipher.port';
import type { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { corruptEvent } from './event-decoding';
import type { StoredEvent } from './stored-event';

export interface ReadPipeline {
  readonly protector?: PersonalDataProtector;
  readonly upcasters?: UpcasterRegistry;
}

/**
 * Stored form → what readers see: personal fields decrypted (erased subjects read as
 * `erasedValue`), then upcast to the current schema. Upcasters see plaintext, so decryption
 * comes first. Any failure names the event; nothing is skipped.
 */
export async function toRecordedEvent(stored: StoredEvent, pipeline: ReadPipeline): Promise<RecordedEvent> {
  let event = stored;
  if (pipeline.protector !== undefined && stored.personalFields.length > 0) {
    try {
      event = { ...stored, data: await pipeline.protector.decrypt(stored.data, stored.personalFields) };
    } catch (error) {
      // A vault that is down is not a corrupt event: let the caller retry (subscriptions back off).
      if (isHeraldError(error) && error.httpStatus === 503) throw error;
      throw corruptEvent(stored.streamId, stored.revision, `personal data cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }
  return pipeline.upcasters === undefined ? event : pipeline.upcasters.upcast(event);
}

export async function toRecordedEvents(stored: readonly StoredEvent[], pipeline: ReadPipeline): Promise<RecordedEvent[]> {
  if (pipeline.protector === undefined) {
    return pipeline.upcasters === undefined ? [...stored] : stored.map((event) => (pipeline.upcasters as UpcasterRegistry).upcast(event));
  }
  const result: RecordedEvent[] = [];
  for (const event of stored) result.push(await toRecordedEvent(event, pipeline));
  return result;
}
