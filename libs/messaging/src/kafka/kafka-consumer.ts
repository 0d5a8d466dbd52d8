import { HeraldError } from '@herald/shared-kernel';
import type { Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { deliver } from '../delivery';
import type {
  ConsumeOptions,
  ConsumerHandle,
  DeliveredMessage,
  OutgoingMessage,
  RetryPolicy,
} from '../message-bus.port';

export interface KafkaConsumerSettings {
  readonly policy: RetryPolicy;
  /** Handled offsets are committed at least this often inside a long batch (and always at its end). */
  readonly commitIntervalMs: number;
  readonly joinTimeoutMs: number;
  readonly publishDeadLetter: (topic: string, message: OutgoingMessage) => Promise<void>;
  readonly now: () => Date;
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

/**
 * One member of a Kafka consumer group. `autoCommit` is off: an offset is committed only after
 * its message was handled or dead-lettered, so a crash redelivers instead of losing. Batches
 * (not single messages) keep the commit traffic low; a batch cut short by a stop still commits
 * what it handled, and one cut short by a rebalance commits nothing (the new owner redelivers).
 */
export class KafkaConsumerMember implements ConsumerHandle {
  private current: Record<string, readonly number[]> = {};

  private constructor(
    private readonly consumer: Consumer,
    readonly groupId: string,
  ) {}

  static async start(
    consumer: Consumer,
    options: ConsumeOptions,
    settings: KafkaConsumerSettings,
  ): Promise<KafkaConsumerMember> {
    const member = new KafkaConsumerMember(consumer, options.groupId);
    let joined: () => void = () => undefined;
    const joinedOnce = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      member.current = { ...event.payload.memberAssignment };
      joined();
    });
    consumer.on(consumer.events.REBALANCING, () => {
      member.current = {};
    });
    consumer.on(consumer.events.CRASH, (event) => options.onError?.(event.payload.error));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => member.handleBatch(payload, options, settings),
      });
      await withTimeout(joinedOnce, settings.joinTimeoutMs, options.groupId);
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return member;
  }

  assignment(): Readonly<Record<string, readonly number[]>> {
    return this.current;
  }

  async stop(): Promise<void> {
    // disconnect() stops the runner first, which waits for the batch in hand to end.
    await this.consumer.disconnect();
    this.current = {};
  }

  private async handleBatch(
    payload: EachBatchPayload,
    options: ConsumeOptions,
    settings: KafkaConsumerSettings,
  ): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const active = () => isRunning() && !isStale();
    let pending: string | null = null;
    let lastCommit = Date.now();
    const commit = async () => {
      if (pending === null) return;
      await this.consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: pending },
      ]);
      pending = null;
      lastCommit = Date.now();
    };
    for (const message of batch.messages) {
      if (!active()) break;
      const outcome = await deliver(toDelivered(batch.topic, batch.partition, message), {
        groupId: options.groupId,
        policy: settings.policy,
        handler: options.handler,
        isActive: active,
        sleep: (ms) => heartbeatingSleep(ms, active, heartbeat),
        publishDeadLetter: settings.publishDeadLetter,
        now: settings.now,
        onDeadLettered: options.onDeadLettered,
        onError: options.onError,
      });
      if (outcome === 'aborted') break;
      resolveOffset(message.offset);
      pending = nextOffset(message.offset);
      if (Date.now() - lastCommit >= settings.commitIntervalMs) await commit();
      await heartbeat();
    }
    if (!isStale()) await commit();
  }
}

function toDelivered(
  topic: string,
  partition: number,
  message: KafkaMessage,
): Omit<DeliveredMessage, 'attempt'> {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString(),
    value: message.value === null ? '' : message.value.toString(),
    headers: headersToStrings(message.headers),
  };
}

/** A backoff that keeps the member alive in its group: a silent member would be evicted mid-retry. */
async function heartbeatingSleep(
  ms: number,
  active: () => boolean,
  heartbeat: () => Promise<void>,
): Promise<void> {
  const until = Date.now() + ms;
  while (active() && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - Date.now())));
    await heartbeat();
  }
}

async function withTimeout(promise: Promise<void>, ms: number, groupId: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HeraldError(
            'MESSAGING.UNAVAILABLE',
            `consumer group ${groupId} was not joined within ${ms} ms`,
            { groupId },
          ),
        ),
      ms,
    );
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
