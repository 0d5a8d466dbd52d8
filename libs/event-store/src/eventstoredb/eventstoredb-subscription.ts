import {
  START,
  type AllStreamRecordedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { HeraldError, isHeraldError } from '@herald/shared-kernel';
import type { RecordedEvent } from '../envelope/envelope';
import type { AllFilter, CheckpointStore, SubscribeToAllOptions, Subscription } from '../event-store.port';
import type { ResubscribeBackoff } from '../core/all-subscription';
import type { TransientReadFaults } from '../core/read-faults';
import type { EsdbStreamNames } from './esdb-mapping';
import { comparePositions, type GlobalPositionIndex, type LogPosition } from './global-position-index';

export interface EsdbSubscriptionSource {
  readonly client: Pick<EventStoreDBClient, 'subscribeToAll'>;
  readonly names: EsdbStreamNames;
  readonly index: GlobalPositionIndex;
  readonly checkpoints: CheckpointStore;
  readonly backoff: ResubscribeBackoff;
  readonly readFaults?: TransientReadFaults;
  matches(filter: AllFilter | undefined, event: AllStreamRecordedEvent): boolean;
  toRecorded(event: AllStreamRecordedEvent, globalPosition: number): Promise<RecordedEvent>;
}

/** Errors that resubscribing cannot fix: stop and report instead of retrying forever. */
const PERMANENT = new Set([
  'EVENT_STORE.CORRUPT_EVENT',
  'EVENT_STORE.UPCAST_FAILED',
  'EVENT_STORE.UNSUPPORTED_SCHEMA_VERSION',
  'VALIDATION.FAILED',
  'CONFIG.INVALID',
  'INTERNAL',
]);

/**
 * A catch-up subscription on ESDB's `$all` (server-side stream filter: Herald events only),
 * counting global positions as events arrive, so no lookup is needed per event. Events are
 * handled one at a time; a handler error stops it (the event is never skipped). When the gRPC
 * stream errors or closes, it resubscribes after the last event seen, with exponential backoff.
 */
export class EventStoreDbSubscription implements Subscription {
  private handled = 0;
  private stopped = false;
  private handling = false;
  private live: AllStreamSubscription | null = null;
  private wakeUp: (() => void) | null = null;
  readonly finished: Promise<void>;

  constructor(
    private readonly source: EsdbSubscriptionSource,
    private readonly options: SubscribeToAllOptions,
  ) {
    this.finished = this.run();
  }

  get position(): number {
    return this.handled;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.live?.unsubscribe().catch(() => undefined);
    if (!this.handling) await this.finished;
  }

  private async run(): Promise<void> {
    const { subscriberId } = this.options;
    let delay = this.source.backoff.initialMs;
    let cursor: { ordinal: number; position: LogPosition | null } | null = null;
    let caughtUpAt: LogPosition | null | undefined;
    let caughtUp = false;
    let checkpointBehind = false;
    const reachCaughtUp = (position: LogPosition | null): void => {
      if (caughtUp || caughtUpAt === undefined) return;
      if (caughtUpAt === null || (position !== null && comparePositions(position, caughtUpAt) >= 0)) {
        caughtUp = true;
        this.options.onCaughtUp?.();
      }
    };
    while (!this.stopped) {
      try {
        if (cursor === null) {
          const start = await this.startOrdinal();
          const position = start === 0 ? null : await this.source.index.positionOf(start);
          if (start > 0 && position === null) {
            throw new HeraldError(
              'VALIDATION.FAILED',
              `subscription start ${start} is beyond the end of $all`,
              { field: 'afterPosition', position: start },
            );
          }
          cursor = { ordinal: start, position };
          this.handled = start;
          caughtUpAt = await this.source.index.headPosition();
        }
        if (checkpointBehind && subscriberId !== undefined) {
          await this.source.checkpoints.save(subscriberId, this.handled);
          checkpointBehind = false;
        }
        this.source.readFaults?.throwIfArmed();
        const subscription = this.source.client.subscribeToAll({
          fromPosition: cursor.position ?? START,
          filter: this.source.names.serverFilter(),
        });
        this.live = subscription;
        if (this.stopped) break;
        reachCaughtUp(cursor.position);
        for await (const resolved of subscription) {
          if (this.stopped) break;
          const event = resolved.event;
          if (event === undefined || !this.source.names.isHeraldEvent(event.streamId, event.type)) continue;
          this.source.readFaults?.throwIfArmed();
          const ordinal: number = cursor.ordinal + 1;
          if (this.source.matches(this.options.filter, event)) {
            const recorded = await this.source.toRecorded(event, ordinal);
            if (!(await this.handle(recorded))) break;
            this.handled = ordinal;
            if (subscriberId !== undefined) {
              try {
                await this.source.checkpoints.save(subscriberId, ordinal);
              } catch (error) {
                checkpointBehind = true;
                cursor = { ordinal, position: event.position };
                throw error;
              }
            }
          }
          cursor = { ordinal, position: event.position };
          delay = this.source.backoff.initialMs;
          reachCaughtUp(event.position);
        }
        if (this.stopped) break;
        throw new Error('the $all subscription ended');
      } catch (error) {
        await this.live?.unsubscribe().catch(() => undefined);
        this.live = null;
        if (this.stopped) break;
        if (isHeraldError(error) && PERMANENT.has(error.code)) return this.fail(error);
        this.options.onDropped?.(error, delay);
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.source.backoff.maxMs);
      }
    }
    await this.live?.unsubscribe().catch(() => undefined);
    this.live = null;
  }

  /** false when the handler failed: the subscription is over. */
  private async handle(event: RecordedEvent): Promise<boolean> {
    this.handling = true;
    try {
      await this.options.onEvent(event);
      return true;
    } catch (error) {
      this.stopped = true;
      this.fail(error);
      return false;
    } finally {
      this.handling = false;
    }
  }

  private async startOrdinal(): Promise<number> {
    if (this.options.afterPosition !== undefined) return this.options.afterPosition;
    if (this.options.subscriberId === undefined) return 0;
    return (await this.source.checkpoints.load(this.options.subscriberId)) ?? 0;
  }

  private fail(error: unknown): void {
    this.stopped = true;
    if (this.options.onError !== undefined) this.options.onError(error);
    else
      process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'SubscriptionStopped');
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
