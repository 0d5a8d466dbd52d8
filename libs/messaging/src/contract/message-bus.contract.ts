import { randomUUID } from 'node:crypto';
import { HeraldError } from '@herald/shared-kernel';
import { DEAD_LETTER_HEADERS } from '../dead-letter';
import type {
  ConsumeOptions,
  ConsumerHandle,
  DeliveredMessage,
  MessageBus,
  OutgoingMessage,
} from '../message-bus.port';
import { deadLetterTopic } from '../topics';
import { deferred, until } from './until';

export interface MessageBusContractSetup {
  open(): Promise<MessageBus>;
  close(bus: MessageBus): Promise<void>;
  /** Starting a broker can take a while (a JVM, a container). */
  readonly setupTimeoutMs?: number;
  /** How long asynchronous outcomes (joins, rebalances, deliveries) may take. */
  readonly timeoutMs?: number;
}

const PARTITIONS = 3;
const FAST_RETRY = { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 40 } as const;

const message = (key: string, value: string, headers?: Record<string, string>): OutgoingMessage => ({
  key,
  value,
  headers,
});

/** Collects what a member receives, in order. */
class Inbox {
  readonly messages: DeliveredMessage[] = [];
  readonly handler = async (delivered: DeliveredMessage): Promise<void> => {
    this.messages.push(delivered);
  };
  values(key?: string): string[] {
    return this.messages
      .filter((delivered) => key === undefined || delivered.key === key)
      .map((delivered) => delivered.value);
  }
}

const assignedPartitions = (handle: ConsumerHandle, topic: string): readonly number[] =>
  handle.assignment()[topic] ?? [];

/**
 * The guarantees of the MessageBus port (message-bus.port.ts), one suite for every adapter.
 * Each test works on its own topics and groups, so one broker serves the whole suite.
 */
export function describeMessageBusContract(name: string, setup: MessageBusContractSetup): void {
  const timeoutMs = setup.timeoutMs ?? 30_000;
  describe(`MessageBus contract: ${name}`, () => {
    let bus: MessageBus;
    let topic: string;
    let groupPrefix: string;
    const handles: ConsumerHandle[] = [];

    const consume = async (
      options: Partial<ConsumeOptions> & Pick<ConsumeOptions, 'handler'>,
    ): Promise<ConsumerHandle> => {
      const handle = await bus.consume({
        groupId: `${groupPrefix}.main`,
        topics: [topic],
        retry: FAST_RETRY,
        ...options,
      });
      handles.push(handle);
      return handle;
    };
    const waitUntil = (condition: () => boolean, description: string) =>
      until(condition, description, timeoutMs);

    beforeAll(async () => {
      bus = await setup.open();
    }, setup.setupTimeoutMs ?? 60_000);
    afterAll(async () => {
      if (bus !== undefined) await setup.close(bus);
    }, 60_000);

    beforeEach(async () => {
      const run = randomUUID().slice(0, 8);
      topic = `contract.${run}.events`;
      groupPrefix = `contract.${run}`;
      await bus.ensureTopics([
        { topic, partitions: PARTITIONS },
        { topic: deadLetterTopic(topic), partitions: PARTITIONS },
      ]);
    }, timeoutMs);
    afterEach(async () => {
      await Promise.all(handles.splice(0).map((handle) => handle.stop()));
    }, timeoutMs);

    it('keeps the order of the messages of one key', async () => {
      const inbox = new Inbox();
      await consume({ handler: inbox.handler });
      const keys = ['a', 'b', 'c', 'd'];
      for (let round = 0; round < 3; round += 1) {
        const batch = Array.from({ length: 5 }, (_, i) =>
          keys.map((key) => message(key, `${key}-${round * 5 + i}`)),
        ).flat();
        await bus.publish([{ topic, messages: batch }]);
      }
      await waitUntil(() => inbox.messages.length >= 60, 'all 60 messages arrived');
      for (const key of keys)
        expect(inbox.values(key)).toEqual(Array.from({ length: 15 }, (_, i) => `${key}-${i}`));
      const partitionOf = new Map(inbox.messages.map((delivered) => [delivered.key, delivered.partition]));
      for (const delivered of inbox.messages)
        expect(delivered.partition).toBe(partitionOf.get(delivered.key));
    });

    it('delivers every message to every consumer group', async () => {
      const billing = new Inbox();
      const audit = new Inbox();
      await consume({ groupId: `${groupPrefix}.billing`, handler: billing.handler });
      await consume({ groupId: `${groupPrefix}.audit`, handler: audit.handler });
      await bus.publish([
        { topic, messages: Array.from({ length: 30 }, (_, i) => message(`k${i % 7}`, `m${i}`)) },
      ]);
      await waitUntil(
        () => billing.messages.length >= 30 && audit.messages.length >= 30,
        'both groups received 30 messages',
      );
      const expected = Array.from({ length: 30 }, (_, i) => `m${i}`).sort();
      expect(billing.values().sort()).toEqual(expected);
      expect(audit.values().sort()).toEqual(expected);
    });

    it('shares the partitions of a topic among the members of one group', async () => {
      const first = new Inbox();
      const second = new Inbox();
      const a = await consume({ handler: first.handler });
      const b = await consume({ handler: second.handler });
      await waitUntil(() => {
        const [ofA, ofB] = [assignedPartitions(a, topic), assignedPartitions(b, topic)];
        return (
          ofA.length > 0 &&
          ofB.length > 0 &&
          new Set([...ofA, ...ofB]).size === PARTITIONS &&
          ofA.length + ofB.length === PARTITIONS
        );
      }, 'the two members own disjoint partitions covering the topic');
      await bus.publish([
        { topic, messages: Array.from({ length: 60 }, (_, i) => message(`key-${i % 30}`, `m${i}`)) },
      ]);
      await waitUntil(() => first.messages.length + second.messages.length >= 60, '60 messages were handled');
      expect([...first.values(), ...second.values()].sort()).toEqual(
        Array.from({ length: 60 }, (_, i) => `m${i}`).sort(),
      );
      expect(first.messages.length).toBeGreaterThan(0);
      expect(second.messages.length).toBeGreaterThan(0);
      for (const delivered of first.messages)
        expect(assignedPartitions(a, topic)).toContain(delivered.partition);
      for (const delivered of second.messages)
        expect(assignedPartitions(b, topic)).toContain(delivered.partition);
    });

    it('redelivers a message whose handler crashed before the commit', async () => {
      const started = deferred();
      const crash = deferred();
      const crashed: string[] = [];
      const a = await consume({
        handler: async (delivered) => {
          crashed.push(delivered.value);
          started.resolve();
          await crash.promise;
        },
      });
      await bus.publish([{ topic, messages: [message('order-1', 'first'), message('order-1', 'second')] }]);
      await started.promise;
      const stopping = a.stop();
      crash.reject(new Error('process died mid-handler'));
      await stopping;
      expect(crashed).toEqual(['first']);

      const inbox = new Inbox();
      await consume({ handler: inbox.handler });
      await waitUntil(() => inbox.messages.length >= 2, 'the next member received both messages');
      expect(inbox.values()).toEqual(['first', 'second']);
      expect(inbox.messages[0].attempt).toBe(1);
    });

    it('resumes from the committed offsets after a restart: nothing lost, nothing handled twice', async () => {
      const before = new Inbox();
      const a = await consume({ handler: before.handler });
      await bus.publish([
        { topic, messages: Array.from({ length: 10 }, (_, i) => message('stream-1', `m${i}`)) },
      ]);
      await waitUntil(() => before.messages.length >= 10, 'the first member handled 10 messages');
      await a.stop();
      await bus.publish([
        { topic, messages: Array.from({ length: 10 }, (_, i) => message('stream-1', `m${10 + i}`)) },
      ]);

      const after = new Inbox();
      await consume({ handler: after.handler });
      await waitUntil(() => after.messages.length >= 10, 'the restarted member handled 10 messages');
      expect(before.values()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
      expect(after.values()).toEqual(Array.from({ length: 10 }, (_, i) => `m${10 + i}`));
    });

    it('retries a failing handler with backoff until it succeeds', async () => {
      const attempts: { attempt: number; at: number }[] = [];
      const inbox = new Inbox();
      await consume({
        handler: async (delivered) => {
          attempts.push({ attempt: delivered.attempt, at: Date.now() });
          if (delivered.attempt < 3) throw new Error('flaky dependency');
          await inbox.handler(delivered);
        },
      });
      await bus.publish([{ topic, messages: [message('k', 'flaky')] }]);
      await waitUntil(() => inbox.messages.length >= 1, 'the third attempt succeeded');
      expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
      // Backoff doubles: at least 10 ms then 20 ms between the tries.
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(FAST_RETRY.initialBackoffMs - 2);
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(FAST_RETRY.initialBackoffMs * 2 - 2);
    });

    it('moves a message that keeps failing to the dead-letter topic with its error, then goes on', async () => {
      const tries: number[] = [];
      const handled = new Inbox();
      const deadLettered: string[] = [];
      await consume({
        onDeadLettered: (delivered) => deadLettered.push(delivered.value),
        handler: async (delivered) => {
          if (delivered.value === 'poison') {
            tries.push(delivered.attempt);
            throw new HeraldError('VALIDATION.FAILED', 'the payload is not a post');
          }
          await handled.handler(delivered);
        },
      });
      const dlq = new Inbox();
      await consume({
        groupId: `${groupPrefix}.dlq-reader`,
        topics: [deadLetterTopic(topic)],
        handler: dlq.handler,
      });
      await bus.publish([
        {
          topic,
          messages: [
            message('post-1', 'before'),
            message('post-1', 'poison', { 'x-trace': 't-1' }),
            message('post-1', 'after'),
          ],
        },
      ]);

      await waitUntil(
        () => dlq.messages.length >= 1 && handled.messages.length >= 2,
        'the poison message is dead-lettered and the next one handled',
      );
      expect(handled.values()).toEqual(['before', 'after']);
      expect(tries).toEqual([1, 2, 3]);
      expect(deadLettered).toEqual(['poison']);
      const [dead] = dlq.messages;
      expect(dead).toMatchObject({ topic: deadLetterTopic(topic), key: 'post-1', value: 'poison' });
      const original = handled.messages[0];
      expect(dead.headers).toMatchObject({
        'x-trace': 't-1',
        [DEAD_LETTER_HEADERS.originalTopic]: topic,
        [DEAD_LETTER_HEADERS.originalPartition]: String(original.partition),
        [DEAD_LETTER_HEADERS.originalOffset]: String(BigInt(original.offset) + 1n),
        [DEAD_LETTER_HEADERS.consumerGroup]: `${groupPrefix}.main`,
        [DEAD_LETTER_HEADERS.errorCode]: 'VALIDATION.FAILED',
        [DEAD_LETTER_HEADERS.errorMessage]: 'the payload is not a post',
        [DEAD_LETTER_HEADERS.attempts]: '3',
      });
      expect(Number.isNaN(Date.parse(dead.headers[DEAD_LETTER_HEADERS.failedAt]))).toBe(false);
    });

    it('rejects a message without a key and an invalid topic name, publishing nothing', async () => {
      const inbox = new Inbox();
      await consume({ handler: inbox.handler });
      await expect(
        bus.publish([{ topic, messages: [message('k', 'ok'), message('', 'no key')] }]),
      ).rejects.toMatchObject({ code: 'MESSAGING.INVALID_MESSAGE' });
      await expect(
        bus.publish([{ topic: 'bad topic!', messages: [message('k', 'v')] }]),
      ).rejects.toMatchObject({ code: 'MESSAGING.INVALID_TOPIC' });
      await bus.publish([{ topic, messages: [message('k', 'marker')] }]);
      await waitUntil(() => inbox.messages.length >= 1, 'the marker arrived');
      expect(inbox.values()).toEqual(['marker']);
    });
  });
}
