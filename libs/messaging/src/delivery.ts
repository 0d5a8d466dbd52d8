import { HeraldError } from '@herald/shared-kernel';
import { deadLetterMessage } from './dead-letter';
import type { DeliveredMessage, OutgoingMessage, RetryPolicy } from './message-bus.port';
import { backoffMs, deadLetterTopic, isDeadLetterTopic } from './topics';

/** What one member needs to deliver a message; both adapters share the retry and dead-letter rules. */
export interface DeliveryContext {
  readonly groupId: string;
  readonly policy: RetryPolicy;
  readonly handler: (message: DeliveredMessage) => Promise<void>;
  /** False once the member stops or loses the partition: nothing more is tried, dead-lettered or committed. */
  readonly isActive: () => boolean;
  /** Waits, returning early once the member is no longer active. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly publishDeadLetter: (topic: string, message: OutgoingMessage) => Promise<void>;
  readonly now: () => Date;
  readonly onDeadLettered?: (message: DeliveredMessage, error: unknown) => void;
  readonly onError?: (error: unknown) => void;
}

/** `aborted`: the member stopped first; the message must not be committed (it is redelivered). */
export type DeliveryOutcome = 'handled' | 'dead-lettered' | 'aborted';

export async function deliver(
  message: Omit<DeliveredMessage, 'attempt'>,
  context: DeliveryContext,
): Promise<DeliveryOutcome> {
  const { policy } = context;
  for (let attempt = 1; ; attempt += 1) {
    let failure: unknown;
    try {
      await context.handler({ ...message, attempt });
      return 'handled';
    } catch (error) {
      failure = error;
    }
    if (!context.isActive()) return 'aborted';
    if (attempt < policy.attempts) {
      await context.sleep(backoffMs(policy, attempt));
    } else if (isDeadLetterTopic(message.topic)) {
      // A dead-letter topic has no dead-letter topic of its own: its messages are never
      // dropped, so its consumer keeps retrying at the slowest pace and reports each round.
      context.onError?.(handlerFailed(message, context.groupId, attempt, failure));
      await context.sleep(policy.maxBackoffMs);
    } else {
      const delivered = { ...message, attempt };
      try {
        await context.publishDeadLetter(
          deadLetterTopic(message.topic),
          deadLetterMessage(delivered, failure, attempt, context.groupId, context.now()),
        );
      } catch (error) {
        throw new HeraldError(
          'MESSAGING.DEAD_LETTER_FAILED',
          `${message.topic}[${message.partition}]@${message.offset} could not be dead-lettered`,
          {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            groupId: context.groupId,
          },
          { cause: error },
        );
      }
      context.onDeadLettered?.(delivered, failure);
      return 'dead-lettered';
    }
    if (!context.isActive()) return 'aborted';
  }
}

function handlerFailed(
  message: Omit<DeliveredMessage, 'attempt'>,
  groupId: string,
  attempts: number,
  cause: unknown,
): HeraldError {
  return new HeraldError(
    'MESSAGING.HANDLER_FAILED',
    `${message.topic}[${message.partition}]@${message.offset} failed ${attempts} times in group ${groupId}`,
    { topic: message.topic, partition: message.partition, offset: message.offset, groupId, attempts },
    { cause },
  );
}
