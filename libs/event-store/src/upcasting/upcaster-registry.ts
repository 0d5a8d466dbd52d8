import { HeraldError } from '@herald/shared-kernel';
import type { RecordedEvent } from '../envelope/envelope';

/** Turns the data of one schema version of an event type into the next version's. Pure. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: unknown, event: RecordedEvent): unknown;
}

/**
 * Schema evolution on read (DESIGN.md: events are never rewritten). Upcasters are keyed by
 * (type, fromVersion) and chained, so v1 data reaches v3 through v1→v2→v3. The current version
 * of a type is one past its highest upcaster; types without upcasters are read as stored.
 */
export class UpcasterRegistry {
  private readonly links = new Map<string, Map<number, Upcaster>>();
  private readonly current = new Map<string, number>();

  register(...upcasters: readonly Upcaster[]): this {
    for (const upcaster of upcasters) {
      if (!Number.isInteger(upcaster.fromVersion) || upcaster.fromVersion < 1) {
        throw new HeraldError('VALIDATION.FAILED', `upcaster for ${upcaster.type}: fromVersion must be an integer >= 1`, { type: upcaster.type });
      }
      const byVersion = this.links.get(upcaster.type) ?? new Map<number, Upcaster>();
      if (byVersion.has(upcaster.fromVersion)) {
        throw new HeraldError('VALIDATION.FAILED', `two upcasters for ${upcaster.type} v${upcaster.fromVersion}`, { type: upcaster.type, fromVersion: upcaster.fromVersion });
      }
      byVersion.set(upcaster.fromVersion, upcaster);
      this.links.set(upcaster.type, byVersion);
      this.current.set(upcaster.type, Math.max(this.current.get(upcaster.type) ?? 0, upcaster.fromVersion + 1));
    }
    return this;
  }

  /** The version readers get for this type; undefined when no upcaster is registered for it. */
  currentVersion(type: string): number | undefined {
    return this.current.get(type);
  }

  upcast(event: RecordedEvent): RecordedEvent {
    const target = this.current.get(event.type);
    if (target === undefined || event.schemaVersion === target) return event;
    const details = { streamId: event.streamId, revision: event.revision, type: event.type, schemaVersion: event.schemaVersion };
    if (event.schemaVersion > target) {
      throw new HeraldError(
        'EVENT_STORE.UNSUPPORTED_SCHEMA_VERSION',
        `stream ${event.streamId} revision ${event.revision}: ${event.type} v${event.schemaVersion} is newer than v${target}, the newest this reader knows`,
        { ...details, currentVersion: target },
      );
    }
    const byVersion = this.links.get(event.type) as Map<number, Upcaster>;
    let result = event;
    while (result.schemaVersion < target) {
      const link = byVersion.get(result.schemaVersion);
      if (link === undefined) {
        throw new HeraldError(
          'EVENT_STORE.UPCAST_FAILED',
          `stream ${event.streamId} revision ${event.revision}: no upcaster for ${event.type} v${result.schemaVersion} (needed to reach v${target})`,
          { ...details, missingFromVersion: result.schemaVersion },
        );
      }
      let data: unknown;
      try {
        data = link.upcast(result.data, result);
      } catch (error) {
        throw new HeraldError(
          'EVENT_STORE.UPCAST_FAILED',
          `stream ${event.streamId} revision ${event.revision}: upcaster ${event.type} v${result.schemaVersion} failed: ${error instanceof Error ? error.message : String(error)}`,
          { ...details, failedFromVersion: result.schemaVersion },
          { cause: error },
        );
      }
      result = { ...result, data, schemaVersion: result.schemaVersion + 1 };
    }
    return result;
  }
}
