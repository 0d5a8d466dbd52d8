import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import type {
  ConsumeOptions,
  ConsumerHandle,
  MessageBus,
  OutgoingMessage,
  TopicMessages,
  TopicSpec,
} from '../message-bus.port';
import { assertPublishable, assertTopicName, retryPolicy } from '../topics';
import { GroupMember, InProcessConsumerGroup } from './in-process-consumer-group';
import { TopicLog } from './partition-log';

export interface InProcessMessageBusOptions {
  /** Partitions of topics created without an explicit count (Kafka's `num.partitions`). */
  readonly defaultPartitions?: number;
  readonly clock?: Clock;
}

/**
 * The embedded-mode bus: Kafka's semantics (partitions by key, consumer groups, commit after
 * handling, retries, dead-letter topics) inside one process. Messages and committed offsets
 * live in memory and end with the process. So in embedded mode the relay must not keep a
 * durable checkpoint for this bus (give it an `InMemoryCheckpointStore`): each start then
 * republishes `$all` from the beginning, and consumers skip what they already handled by
 * event id or global position, as they must on Kafka anyway.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly topics = new Map<string, TopicLog>();
  private readonly groups = new Map<string, InProcessConsumerGroup>();
  private readonly members = new Set<GroupMember>();
  private readonly defaultPartitions: number;
  private readonly clock: Clock;
  private closed = false;

  constructor(options: InProcessMessageBusOptions = {}) {
    this.defaultPartitions = options.defaultPartitions ?? 3;
    this.clock = options.clock ?? systemClock;
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    for (const spec of topics) {
      assertTopicName(spec.topic);
      if (!this.topics.has(spec.topic))
        this.topics.set(spec.topic, new TopicLog(spec.partitions ?? this.defaultPartitions));
    }
  }

  async publish(batch: readonly TopicMessages[]): Promise<void> {
    this.assertOpen();
    assertPublishable(batch);
    for (const { topic, messages } of batch) {
      const log = this.topic(topic);
      for (const message of messages) log.partitions[log.partitionFor(message.key)].append(message);
    }
  }

  async consume(options: ConsumeOptions): Promise<ConsumerHandle> {
    this.assertOpen();
    if (options.topics.length === 0)
      throw new HeraldError('VALIDATION.FAILED', 'a consumer needs at least one topic', {
        groupId: options.groupId,
      });
    options.topics.forEach(assertTopicName);
    let group = this.groups.get(options.groupId);
    if (group === undefined) {
      group = new InProcessConsumerGroup(options.groupId, {
        topic: (name) => this.topic(name),
        publishDeadLetter: (topic, message) => this.publishOne(topic, message),
        now: () => this.clock.now(),
      });
      this.groups.set(options.groupId, group);
    }
    const member = new GroupMember(group, options, retryPolicy(options.retry), (stopped) =>
      this.members.delete(stopped),
    );
    this.members.add(member);
    await group.join(member);
    return member;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.members].map((member) => member.stop()));
    this.closed = true;
  }

  /** Like Kafka with `auto.create.topics.enable`: naming a topic creates it. */
  private topic(name: string): TopicLog {
    let log = this.topics.get(name);
    if (log === undefined) {
      log = new TopicLog(this.defaultPartitions);
      this.topics.set(name, log);
    }
    return log;
  }

  private publishOne(topic: string, message: OutgoingMessage): Promise<void> {
    return this.publish([{ topic, messages: [message] }]);
  }

  private assertOpen(): void {
    if (this.closed) throw new HeraldError('MESSAGING.CLOSED', 'the message bus is closed');
  }
}
