import { HeraldError } from '@herald/shared-kernel';
import { isEncryptedValue, type RecordedEvent } from '@herald/event-store';

function valueAt(data: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (
      typeof current !== 'object' ||
      current === null ||
      !Object.prototype.hasOwnProperty.call(current, segment)
    )
      return { found: false, value: undefined };
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
}

/**
 * The last line before the broker: every declared personal field must be an encrypted value.
 * It catches a relay wired to a store that decrypts on read (opened with a protector), which
 * would otherwise publish plaintext to every consumer and every Kafka backup.
 */
export function assertPersonalFieldsEncrypted(event: RecordedEvent): void {
  for (const field of event.personalFields) {
    const { found, value } = valueAt(event.data, field.path);
    if (found && !isEncryptedValue(value)) {
      throw new HeraldError(
        'MESSAGING.PLAINTEXT_PERSONAL_DATA',
        `event ${event.id} (${event.streamId}@${event.revision}) carries ${field.path} unencrypted`,
        { eventId: event.id, streamId: event.streamId, path: field.path },
      );
    }
  }
}
