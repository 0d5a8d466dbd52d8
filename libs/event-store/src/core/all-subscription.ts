import { isHeraldError } from '@herald/shared-kernel';
import type { RecordedEvent } from '../envelope/envelope';
import type { AllFilter, CheckpointStore, SubscribeToAllOptions, Subscription } from '../event-store.port';

export interface ResubscribeBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** What a subscription needs from an adapter; the catch-up/live/backoff logic is shared. */
export interface SubscriptionSource {
  /** Up to `maxCount` events after `afterPosition` in global order. Throws when the connection drops. */
  read(afterPosition: number, maxCount: number, filter: AllFilter | undefined): Promise<RecordedEvent[]>;
  /** Calls `listener` after each append this process commits; returns the unregistration. */
  onAppended(listener: () => void): () => void;
  readonly checkpoints: CheckpointStore;
  /** How often a live subscription looks for appends made by other processes. */
  readonly pollIntervalMs: number;
  readonly backoff: ResubscribeBackoff;
}

const BATCH_SIZE = 500;

/** Errors that re-reading cannot fix: stop and report instead of retrying forever. */
const PERMANENT_READ_ERRORS = new Set([
  'EVENT_STORE.CORRUPT_EVENT',
  'EVENT_STORE.UPCAST_FAILED',
  'EVENT_STORE.UNSUPPORTED_SCHEMA_VERSION',
  'EVENT_STORE.CLOSED',
  'VALIDATION.FAILED',
]);

const isPermanent = (error: unknown): boolean => isHeraldError(error) && PERMANENT_READ_ERRORS.has(error.code);

/**
 * Catch-up then live subscription to `$all`: reads in batches from the start position, hands
 * events one at a time in global order, then waits for a wake-up (an append in this process)
 * or the poll interval (appends by other processes). A handler error stops it: the event is
 * never skipped. A read error resubscribes from the last handled position with exponential
 * backoff.
 */
export class AllSubscription implements Subscription {
  private current = 0;
  private stopped = false;
  private handling = false;
  private woken = false;
  private sleeper: { readonly wakeOnAppend: boolean; readonly resolve: () => void } | null = null;
  /** Settles when the subscription has stopped for good (stopped, failed, or the store closed). */
  readonly finished: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeToAllOptions,
  ) {
    const unregister = source.onAppended(() => this.wake());
    this.finished = this.run().finally(unregister);
  }

  get position(): number {
    return this.current;
  }

  /** Resolves once no handler runs any more; when called from inside `onEvent`, at once (awaiting would deadlock). */
  async stop(): Promise<void> {
    this.stopped = true;
    const sleeper = this.sleeper;
    this.sleeper = null;
    sleeper?.resolve();
    if (!this.handling) await this.finished;
  }

  private async run(): Promise<void> {
    const { subscriberId } = this.options;
    let started = false;
    let checkpointBehind = false;
    let caughtUp = false;
    let delay = this.source.backoff.initialMs;
    while (!this.stopped) {
      let batch: RecordedEvent[];
      try {
        if (!started) {
          this.current = await this.startPosition();
          started = true;
        }
        if (checkpointBehind && subscriberId !== undefined) {
          await this.source.checkpoints.save(subscriberId, this.current);
          checkpointBehind = false;
        }
        this.woken = false;
        batch = await this.source.read(this.current, BATCH_SIZE, this.options.filter);
        delay = this.source.backoff.initialMs;
      } catch (error) {
        if (this.stopped) return;
        if (isPermanent(error)) return this.fail(error);
        this.options.onDropped?.(error, delay);
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.source.backoff.maxMs);
        continue;
      }
      for (const event of batch) {
        if (this.stopped) return;
        this.handling = true;
        try {
          await this.options.onEvent(event);
        } catch (error) {
          this.stopped = true;
          return this.fail(error);
        } finally {
          this.handling = false;
        }
        this.current = event.globalPosition;
        if (subscriberId !== undefined) {
          try {
            await this.source.checkpoints.save(subscriberId, this.current);
          } catch (error) {
            // The event is handled; the checkpoint is saved again before the next read.
            checkpointBehind = true;
            this.options.onDropped?.(error, delay);
            break;
          }
        }
      }
      if (checkpointBehind) {
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.source.backoff.maxMs);
        continue;
      }
      if (batch.length < BATCH_SIZE) {
        if (!caughtUp) {
          caughtUp = true;
          this.options.onCaughtUp?.();
        }
        await this.sleep(this.source.pollIntervalMs, true);
      }
    }
  }

  private async startPosition(): Promise<number> {
    if (this.options.afterPosition !== undefined) return this.options.afterPosition;
    if (this.options.subscriberId === undefined) return 0;
    return (await this.source.checkpoints.load(this.options.subscriberId)) ?? 0;
  }

  private fail(error: unknown): void {
    this.stopped = true;
    if (this.options.onError !== undefined) this.options.onError(error);
    else process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'SubscriptionStopped');
  }

  private wake(): void {
    this.woken = true;
    if (this.sleeper?.wakeOnAppend !== true) return;
    const sleeper = this.sleeper;
    this.sleeper = null;
    sleeper.resolve();
  }

  /**
   * Waits for the delay or until stopped. A live wait also ends at the next append; a backoff
   * does not, or a busy writer would hammer a failing connection.
   */
  private sleep(ms: number, wakeOnAppend = false): Promise<void> {
    if (this.stopped || (wakeOnAppend && this.woken)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = null;
        resolve();
      }, ms);
      this.sleeper = {
        wakeOnAppend,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}
