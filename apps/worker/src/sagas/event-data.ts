import { HeraldError } from '@herald/shared-kernel';
import type { HeraldCloudEvent } from '@herald/messaging';

/**
 * Reads the few fields a saga needs from a relayed event's data, which arrives as unknown JSON.
 * A missing or mistyped field is a poison message (MESSAGING.INVALID_CLOUD_EVENT): the bus
 * retries it, then dead-letters it with this error.
 */
export class EventData {
  private readonly record: Record<string, unknown>;

  constructor(private readonly event: HeraldCloudEvent) {
    const data = event.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw this.invalid('data is not an object');
    this.record = data as Record<string, unknown>;
  }

  string(field: string): string {
    const value = this.record[field];
    if (typeof value !== 'string' || value === '') throw this.invalid(`${field} is not a non-empty string`);
    return value;
  }

  nullableString(field: string): string | null {
    const value = this.record[field];
    if (value === null) return null;
    if (typeof value !== 'string') throw this.invalid(`${field} is not a string or null`);
    return value;
  }

  boolean(field: string): boolean {
    const value = this.record[field];
    if (typeof value !== 'boolean') throw this.invalid(`${field} is not a boolean`);
    return value;
  }

  private invalid(reason: string): HeraldError {
    return new HeraldError(
      'MESSAGING.INVALID_CLOUD_EVENT',
      `${this.event.type} ${this.event.id}: ${reason}`,
      {
        reason,
        id: this.event.id,
        type: this.event.type,
      },
    );
  }
}

/** The entity id of a stream id: `post-<id>` → `<id>`. */
export const entityIdOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);
