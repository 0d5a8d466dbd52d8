import { HeraldError, isHeraldError } from '@herald/shared-kernel';
import {
  streamCategory,
  type CheckpointStore,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@herald/event-store';
import type { MessageBus, OutgoingMessage, TopicMessages } from '../message-bus.port';
import { CATEGORY_TOPICS, relayTopics, topicForCategory } from './category-topics';
import { CLOUD_EVENT_CONTENT_TYPE, toCloudEvent } from './cloud-event';
import { assertPersonalFieldsEncrypted } from './personal-data-guard';

export interface EventRelayOptions {
  /**
   * Opened WITHOUT a personal-data protector (and without upcasters): the relay publishes
   * events as stored, ciphertext included. A decrypting store is caught before anything leaves.
   */
  readonly store: EventStore;
  readonly bus: MessageBus;
  /** Defaults to the store's own checkpoints (same file, same backup as the log). */
  readonly checkpoints?: CheckpointStore;
  readonly subscriberId?: string;
  readonly topics?: Readonly<Record<string, string>>;
  /** Events per publish; also the most the relay holds unacknowledged. */
  readonly maxBatch?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** A publish or checkpoint failure the relay retries by itself (the broker is down). */
  readonly onRetry?: (error: unknown, retryInMs: number) => void;
  /** After each acknowledged and checkpointed batch (metrics, lag, specs). */
  readonly onAcknowledged?: (position: number, events: number) => void;
  /** The relay stopped for good (plaintext personal data, a corrupt event); it needs an operator. */
  readonly onFatal?: (error: unknown) => void;
}

interface Pending {
  readonly topic: string;
  readonly message: OutgoingMessage;
  readonly position: number;
}

export interface RelayStatus {
  /** Global position of the last event the broker acknowledged (and the checkpoint holds). */
  readonly checkpoint: number;
  readonly published: number;
  readonly running: boolean;
  readonly failure: unknown;
}

export const DEFAULT_RELAY_SUBSCRIBER = 'kafka-relay';

/**
 * `$all` → `herald.<category>.v1` (DESIGN.md, "Kafka"). Events are published in global order,
 * keyed by stream id, batched; the checkpoint moves only after the broker acknowledged every
 * event up to it, so a crash anywhere republishes (at-least-once) and never skips. A failed
 * publish is retried with backoff, the whole batch again and before anything newer, so per-key
 * order holds even across broker restarts; duplicates are possible and consumers drop them by
 * CloudEvent id.
 */
export class EventRelay {
  private readonly checkpoints: CheckpointStore;
  private readonly subscriberId: string;
  private readonly topics: Readonly<Record<string, string>>;
  private readonly maxBatch: number;
  private readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  private subscription: Subscription | null = null;
  private buffer: Pending[] = [];
  private chain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  /** Stop asked: buffered events get one publish attempt, no retries. */
  private stopping = false;
  /** Once a batch was given up, nothing newer may be published: it would pass the gap in the checkpoint. */
  private halted = false;
  private wakeBackoff: (() => void) | null = null;
  private acknowledged = 0;
  private published = 0;
  private failure: unknown = null;

  constructor(private readonly options: EventRelayOptions) {
    this.checkpoints = options.checkpoints ?? options.store.checkpoints;
    this.subscriberId = options.subscriberId ?? DEFAULT_RELAY_SUBSCRIBER;
    this.topics = options.topics ?? CATEGORY_TOPICS;
    this.maxBatch = options.maxBatch ?? 500;
    this.backoff = options.backoff ?? { initialMs: 100, maxMs: 10_000 };
  }

  async start(): Promise<void> {
    if (this.subscription !== null)
      throw new HeraldError('VALIDATION.FAILED', 'the relay is already started');
    await this.options.bus.ensureTopics(relayTopics(this.topics).map((topic) => ({ topic })));
    this.acknowledged = (await this.checkpoints.load(this.subscriberId)) ?? 0;
    this.subscription = this.options.store.subscribeToAll({
      afterPosition: this.acknowledged,
      filter: { categories: Object.keys(this.topics) },
      onEvent: (event) => this.accept(event),
      onCaughtUp: () => this.scheduleFlush(),
      onError: (error) => this.fail(error),
    });
  }

  status(): RelayStatus {
    return {
      checkpoint: this.acknowledged,
      published: this.published,
      running: this.subscription !== null && !this.stopping && !this.halted,
      failure: this.failure,
    };
  }

  /** Publishes what is buffered (one attempt), then stops; anything unacknowledged is republished by the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeBackoff?.();
    await this.subscription?.stop();
    await this.flush();
    this.halted = true;
  }

  private async accept(event: RecordedEvent): Promise<void> {
    if (this.halted) return;
    assertPersonalFieldsEncrypted(event);
    const topic = topicForCategory(streamCategory(event.streamId), this.topics);
    this.buffer.push({
      topic,
      position: event.globalPosition,
      message: {
        key: event.streamId,
        value: JSON.stringify(toCloudEvent(event)),
        headers: { 'content-type': CLOUD_EVENT_CONTENT_TYPE, ce_id: event.id, ce_type: event.type },
      },
    });
    // Back-pressure: a full buffer holds the subscription until the broker acknowledged it.
    if (this.buffer.length >= this.maxBatch) await this.flush();
    else this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the current read: a catch-up batch goes out as one publish, not one per event.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    const next = this.chain.then(() => this.flushBuffered());
    this.chain = next.catch((error: unknown) => this.fail(error));
    return this.chain;
  }

  private async flushBuffered(): Promise<void> {
    while (this.buffer.length > 0 && !this.halted) {
      const batch = this.buffer.splice(0, this.maxBatch);
      const position = batch[batch.length - 1].position;
      const published = await this.retrying(() => this.options.bus.publish(groupByTopic(batch)));
      if (!published || !(await this.retrying(() => this.checkpoints.save(this.subscriberId, position)))) {
        this.halted = true;
        this.buffer = [];
        return;
      }
      this.acknowledged = position;
      this.published += batch.length;
      this.options.onAcknowledged?.(position, batch.length);
    }
  }

  /** Runs `attempt` until it succeeds; false when the relay is stopping (nothing is then checkpointed). */
  private async retrying(attempt: () => Promise<void>): Promise<boolean> {
    let delay = this.backoff.initialMs;
    for (;;) {
      try {
        await attempt();
        return true;
      } catch (error) {
        if (!isTransient(error)) throw error;
        if (this.stopping) return false;
        this.options.onRetry?.(error, delay);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeBackoff = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeBackoff = null;
        if (this.stopping) return false;
        delay = Math.min(delay * 2, this.backoff.maxMs);
      }
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.halted = true;
    this.buffer = [];
    void this.subscription?.stop();
    if (this.options.onFatal !== undefined) this.options.onFatal(error);
    else process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'EventRelayStopped');
  }
}

/** A broker or file that is down comes back; a closed bus, a bad message or plaintext personal data do not. */
const isTransient = (error: unknown): boolean =>
  !isHeraldError(error) ||
  (error.httpStatus === 503 && error.code !== 'MESSAGING.CLOSED' && error.code !== 'EVENT_STORE.CLOSED');

function groupByTopic(batch: readonly Pending[]): TopicMessages[] {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const { topic, message } of batch) {
    const messages = byTopic.get(topic);
    if (messages === undefined) byTopic.set(topic, [message]);
    else messages.push(message);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
