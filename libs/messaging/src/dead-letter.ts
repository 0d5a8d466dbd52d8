import { isHeraldError } from '@herald/shared-kernel';
import type { DeliveredMessage, OutgoingMessage } from './message-bus.port';

/** Headers a dead-lettered message carries besides its own: where it came from and why it failed. */
export const DEAD_LETTER_HEADERS = {
  originalTopic: 'herald-dlq-original-topic',
  originalPartition: 'herald-dlq-original-partition',
  originalOffset: 'herald-dlq-original-offset',
  consumerGroup: 'herald-dlq-consumer-group',
  errorCode: 'herald-dlq-error-code',
  errorName: 'herald-dlq-error-name',
  errorMessage: 'herald-dlq-error-message',
  attempts: 'herald-dlq-attempts',
  failedAt: 'herald-dlq-failed-at',
} as const;

/** Long enough for a stack-less diagnosis; a header is not the place for a whole stack trace. */
const MAX_ERROR_MESSAGE = 2000;

export interface DeadLetterError {
  readonly code: string;
  readonly name: string;
  readonly message: string;
}

export function describeError(error: unknown): DeadLetterError {
  if (isHeraldError(error))
    return { code: error.code, name: error.name, message: error.message.slice(0, MAX_ERROR_MESSAGE) };
  if (error instanceof Error)
    return {
      code: 'MESSAGING.HANDLER_FAILED',
      name: error.name,
      message: error.message.slice(0, MAX_ERROR_MESSAGE),
    };
  return {
    code: 'MESSAGING.HANDLER_FAILED',
    name: 'Error',
    message: String(error).slice(0, MAX_ERROR_MESSAGE),
  };
}

/** The failed message as it was (key, value, headers) plus the `herald-dlq-*` headers. */
export function deadLetterMessage(
  message: DeliveredMessage,
  error: unknown,
  attempts: number,
  groupId: string,
  failedAt: Date,
): OutgoingMessage {
  const described = describeError(error);
  return {
    // A key-less message keeps its partition's order in the dead-letter topic through a stand-in key.
    key: message.key ?? `${message.topic}:${message.partition}`,
    value: message.value,
    headers: {
      ...message.headers,
      [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
      [DEAD_LETTER_HEADERS.consumerGroup]: groupId,
      [DEAD_LETTER_HEADERS.errorCode]: described.code,
      [DEAD_LETTER_HEADERS.errorName]: described.name,
      [DEAD_LETTER_HEADERS.errorMessage]: described.message,
      [DEAD_LETTER_HEADERS.attempts]: String(attempts),
      [DEAD_LETTER_HEADERS.failedAt]: failedAt.toISOString(),
    },
  };
}
