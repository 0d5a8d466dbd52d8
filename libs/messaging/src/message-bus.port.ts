/**
 * Topics, keyed messages and consumer groups (DESIGN.md, "Ports and their adapters"): Kafka in
 * production, in-process in embedded mode. One contract suite (contract/message-bus.contract.ts)
 * holds both to the same guarantees:
 * - order is kept per key (a key always lands on the same partition);
 * - `publish` resolves only once the broker acknowledged every message (all in-sync replicas);
 * - every consumer group receives every message; inside a group each partition has one member;
 * - at-least-once: an offset is committed only after the handler succeeded, so a crash before
 *   the commit redelivers the message (handlers must be idempotent, by event id for relayed events);
 * - a handler error is retried with exponential backoff; after the last attempt the message and
 *   its error go to `<topic>.dlq` and the offset is committed, so one poison message never
 *   blocks its partition.
 */
export interface OutgoingMessage {
  /** Required: it picks the partition, and so the order (the stream id for relayed events). */
  readonly key: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TopicMessages {
  readonly topic: string;
  readonly messages: readonly OutgoingMessage[];
}

export interface DeliveredMessage {
  readonly topic: string;
  readonly partition: number;
  /** Decimal string: Kafka offsets are 64-bit. */
  readonly offset: string;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on the first try in this consumer, then 2, 3… while the handler is retried. */
  readonly attempt: number;
}

export interface RetryPolicy {
  /** Tries in all, the first included; then the message goes to the dead-letter topic. */
  readonly attempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: (message: DeliveredMessage) => Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  /** Where a group without committed offsets starts; default true (the oldest message kept). */
  readonly fromBeginning?: boolean;
  /** After a message went to the dead-letter topic (its offset is then committed). */
  readonly onDeadLettered?: (message: DeliveredMessage, error: unknown) => void;
  /** Failures the consumer recovers from by itself (a dead-letter write, a failed commit). */
  readonly onError?: (error: unknown) => void;
}

export interface ConsumerHandle {
  readonly groupId: string;
  /** Partitions this member owns now, by topic (changes when members join or leave). */
  assignment(): Readonly<Record<string, readonly number[]>>;
  /**
   * Leaves the group. A handler still running is awaited: if it succeeds its offset is
   * committed, if it fails it is neither retried nor dead-lettered but redelivered to the
   * partition's next owner.
   */
  stop(): Promise<void>;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions?: number;
}

export interface MessageBus {
  /** Creates the topics that do not exist yet (existing ones are left as they are). */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Resolves once every message is acknowledged; fails with `MESSAGING.UNAVAILABLE` otherwise. */
  publish(batch: readonly TopicMessages[]): Promise<void>;
  /** Resolves once the consumer has joined its group and owns its first assignment. */
  consume(options: ConsumeOptions): Promise<ConsumerHandle>;
  /** Stops every consumer and disconnects. Idempotent. */
  close(): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MessageBus');
