import {
  parseCloudEvent,
  type ConsumerHandle,
  type DeliveredMessage,
  type HeraldCloudEvent,
  type MessageBus,
  type RetryPolicy,
} from '@herald/messaging';
import { HeraldError, isHeraldError, type Clock } from '@herald/shared-kernel';
import type { ProcessedEvents } from './processed-events.store';

export interface SagaConsumerOptions {
  /** Consumer group and dedupe scope: one per saga, shared by its replicas. */
  readonly consumer: string;
  readonly topics: readonly string[];
  readonly processed: ProcessedEvents;
  readonly clock: Clock;
  readonly handle: (event: HeraldCloudEvent) => Promise<void>;
  readonly retry?: Partial<RetryPolicy>;
  readonly onDeadLettered?: (message: DeliveredMessage, error: unknown) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Subscribes a saga to relayed domain events (Kafka in production, the in-process bus embedded):
 * each message is parsed as a Herald CloudEvent, skipped when this saga already handled its id,
 * handled, then marked. A message that is not a CloudEvent is poison: it fails at once, so the
 * bus retries it and then moves it to the dead-letter topic with the error.
 */
export function consumeSagaEvents(bus: MessageBus, options: SagaConsumerOptions): Promise<ConsumerHandle> {
  return bus.consume({
    groupId: options.consumer,
    topics: options.topics,
    retry: options.retry,
    onDeadLettered: options.onDeadLettered,
    onError: options.onError,
    handler: async (message) => {
      let event: HeraldCloudEvent;
      try {
        event = parseCloudEvent(message.value);
      } catch (error) {
        throw new HeraldError(
          'SAGA.INVALID_EVENT',
          `${options.consumer} cannot read ${message.topic}[${message.partition}]@${message.offset}`,
          {
            consumer: options.consumer,
            topic: message.topic,
            reason: isHeraldError(error) ? error.message : String(error),
          },
          { cause: error },
        );
      }
      if (await options.processed.has(options.consumer, event.id)) return;
      await options.handle(event);
      await options.processed.mark(options.consumer, event.id, options.clock.now());
    },
  });
}
