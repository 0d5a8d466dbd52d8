import { HeraldError } from '@herald/shared-kernel';
import type { OutgoingMessage, RetryPolicy, TopicMessages } from './message-bus.port';

export const DEAD_LETTER_SUFFIX = '.dlq';

export const deadLetterTopic = (topic: string): string => `${topic}${DEAD_LETTER_SUFFIX}`;
export const isDeadLetterTopic = (topic: string): boolean => topic.endsWith(DEAD_LETTER_SUFFIX);

/** Kafka's own rule (249 characters, this alphabet); the in-process bus applies it too, so names port. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function assertTopicName(topic: string): void {
  if (typeof topic !== 'string' || !TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
    throw new HeraldError('MESSAGING.INVALID_TOPIC', `invalid topic name "${String(topic)}"`, { topic });
  }
}

function assertMessage(topic: string, message: OutgoingMessage, index: number): void {
  const bad = (reason: string) =>
    new HeraldError('MESSAGING.INVALID_MESSAGE', `message ${index} for ${topic}: ${reason}`, {
      topic,
      index,
      reason,
    });
  if (typeof message.key !== 'string' || message.key.length === 0)
    throw bad('the key must be a non-empty string');
  if (typeof message.value !== 'string') throw bad('the value must be a string');
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (typeof value !== 'string') throw bad(`header ${name} must be a string`);
  }
}

/** Checks a whole batch before anything is sent: a batch is published entirely or not at all here. */
export function assertPublishable(batch: readonly TopicMessages[]): void {
  for (const { topic, messages } of batch) {
    assertTopicName(topic);
    messages.forEach((message, index) => assertMessage(topic, message, index));
  }
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 };

export function retryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (
    !Number.isInteger(policy.attempts) ||
    policy.attempts < 1 ||
    policy.initialBackoffMs < 0 ||
    policy.maxBackoffMs < policy.initialBackoffMs
  ) {
    throw new HeraldError(
      'VALIDATION.FAILED',
      'a retry policy needs attempts >= 1 and 0 <= initialBackoffMs <= maxBackoffMs',
      { ...policy },
    );
  }
  return policy;
}

/** Backoff before try `attempt + 1`: doubles from the initial delay, capped. */
export const backoffMs = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
