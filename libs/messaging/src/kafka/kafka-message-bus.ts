import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import {
  Kafka,
  Partitioners,
  logLevel as kafkaLogLevel,
  type Admin,
  type Consumer,
  type Producer,
} from 'kafkajs';
import type {
  ConsumeOptions,
  ConsumerHandle,
  MessageBus,
  OutgoingMessage,
  TopicMessages,
  TopicSpec,
} from '../message-bus.port';
import {
  assertPublishable,
  assertTopicName,
  deadLetterTopic,
  isDeadLetterTopic,
  retryPolicy,
} from '../topics';
import { KafkaConsumerMember } from './kafka-consumer';

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info';

export interface KafkaMessageBusOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** Partitions of topics `ensureTopics` creates without an explicit count. */
  readonly defaultPartitions?: number;
  /** -1: the broker's `default.replication.factor`. */
  readonly replicationFactor?: number;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** How long an idle fetch waits at the broker; bounds how late a member notices a rebalance. */
  readonly maxWaitTimeMs?: number;
  readonly commitIntervalMs?: number;
  readonly joinTimeoutMs?: number;
  /** A publish not acknowledged within this time fails with MESSAGING.UNAVAILABLE. */
  readonly publishTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
  readonly logLevel?: KafkaLogLevel;
  readonly clock?: Clock;
}

const LOG_LEVELS: Record<KafkaLogLevel, kafkaLogLevel> = {
  nothing: kafkaLogLevel.NOTHING,
  error: kafkaLogLevel.ERROR,
  warn: kafkaLogLevel.WARN,
  info: kafkaLogLevel.INFO,
};

const unavailable = (what: string, cause: unknown): HeraldError =>
  new HeraldError(
    'MESSAGING.UNAVAILABLE',
    `${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    {},
    { cause },
  );

/**
 * The production bus on Apache Kafka through kafkajs. The producer is idempotent with one
 * request in flight and `acks = all`: the broker drops the duplicates of its own retries and
 * a retry can never overtake an earlier batch, so order per key holds. A failed publish drops
 * the producer; the next publish starts a fresh one (a new producer id, so no sequence number
 * of the failed session can wedge it), and the caller re-sends, which at worst duplicates.
 */
export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private producer: Promise<Producer> | null = null;
  private readonly members = new Set<KafkaConsumerMember>();
  private readonly clock: Clock;
  private closed = false;

  constructor(private readonly options: KafkaMessageBusOptions) {
    this.clock = options.clock ?? systemClock;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'herald',
      brokers: [...options.brokers],
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
      logLevel: LOG_LEVELS[options.logLevel ?? 'warn'],
      retry: { initialRetryTime: 100, maxRetryTime: 5000, retries: 8 },
    });
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    topics.forEach((spec) => assertTopicName(spec.topic));
    try {
      const admin = await this.connectedAdmin();
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((spec) => !existing.has(spec.topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions ?? this.options.defaultPartitions ?? 3,
          replicationFactor: this.options.replicationFactor ?? -1,
        })),
      });
    } catch (error) {
      // Another process creating the same topic at the same time is not a failure.
      if (error instanceof Error && /already exists/i.test(error.message)) return;
      throw unavailable('could not create topics', error);
    }
  }

  async publish(batch: readonly TopicMessages[]): Promise<void> {
    this.assertOpen();
    assertPublishable(batch);
    const topicMessages = batch
      .filter(({ messages }) => messages.length > 0)
      .map(({ topic, messages }) => ({
        topic,
        messages: messages.map((message) => ({
          key: message.key,
          value: message.value,
          headers: { ...message.headers },
        })),
      }));
    if (topicMessages.length === 0) return;
    const producer = this.connectedProducer();
    try {
      await (
        await producer
      ).sendBatch({ topicMessages, acks: -1, timeout: this.options.publishTimeoutMs ?? 30_000 });
    } catch (error) {
      if (this.producer === producer) this.producer = null;
      void producer.then((broken) => broken.disconnect()).catch(() => undefined);
      if (this.closed)
        throw new HeraldError(
          'MESSAGING.CLOSED',
          'the message bus closed during the publish',
          {},
          { cause: error },
        );
      throw unavailable('the broker did not acknowledge the publish', error);
    }
  }

  async consume(options: ConsumeOptions): Promise<ConsumerHandle> {
    this.assertOpen();
    if (options.topics.length === 0)
      throw new HeraldError('VALIDATION.FAILED', 'a consumer needs at least one topic', {
        groupId: options.groupId,
      });
    options.topics.forEach(assertTopicName);
    const policy = retryPolicy(options.retry);
    // Subscribing to a topic the broker is still auto-creating fails the join; so does a first
    // dead-letter write racing its topic's creation. Both are created up front instead.
    const deadLetters = options.topics.filter((topic) => !isDeadLetterTopic(topic)).map(deadLetterTopic);
    await this.ensureTopics([...options.topics, ...deadLetters].map((topic) => ({ topic })));
    const consumer: Consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3000,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1000,
      allowAutoTopicCreation: true,
      // Any failure (a dead-letter write, a commit during a rebalance) restarts the member from
      // the committed offsets instead of leaving a dead consumer behind.
      retry: { initialRetryTime: 200, maxRetryTime: 10_000, retries: 10, restartOnFailure: async () => true },
    });
    const member = await KafkaConsumerMember.start(consumer, options, {
      policy,
      commitIntervalMs: this.options.commitIntervalMs ?? 1000,
      joinTimeoutMs: this.options.joinTimeoutMs ?? 60_000,
      publishDeadLetter: (topic, message) => this.publishOne(topic, message),
      now: () => this.clock.now(),
    }).catch((error: unknown) => {
      throw error instanceof HeraldError
        ? error
        : unavailable(`could not join consumer group ${options.groupId}`, error);
    });
    this.members.add(member);
    const stop = () => member.stop().finally(() => this.members.delete(member));
    return { groupId: member.groupId, assignment: () => member.assignment(), stop };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.members].map((member) => member.stop()));
    this.members.clear();
    const producer = this.producer;
    this.producer = null;
    await Promise.allSettled([
      producer?.then((connected) => connected.disconnect()),
      this.admin?.disconnect(),
    ]);
    this.admin = null;
  }

  private publishOne(topic: string, message: OutgoingMessage): Promise<void> {
    return this.publish([{ topic, messages: [message] }]);
  }

  private connectedProducer(): Promise<Producer> {
    if (this.producer === null) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        retry: { initialRetryTime: 100, maxRetryTime: 5000, retries: 8 },
      });
      const connecting = producer.connect().then(() => producer);
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = null;
      });
      this.producer = connecting;
    }
    return this.producer;
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin === null) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private assertOpen(): void {
    if (this.closed) throw new HeraldError('MESSAGING.CLOSED', 'the message bus is closed');
  }
}
