import {
  deadLetterTopic,
  parseCloudEvent,
  topicForCategory,
  type ConsumerHandle,
  type HeraldCloudEvent,
  type MessageBus,
} from '@herald/messaging';
import type { Clock } from '@herald/shared-kernel';
import type { ProcessedEvents } from './processed-events';

export interface EventConsumerSpec {
  /** Names the consumer group (`<prefix>.<name>`) and the consumer's processed-event records. */
  readonly name: string;
  /** Stream categories whose topics the consumer reads. */
  readonly categories: readonly string[];
  /** Event types it handles; other events on those topics are acknowledged untouched. */
  readonly types: readonly string[];
  handle(event: HeraldCloudEvent): Promise<void>;
}

export interface EventConsumersOptions {
  readonly bus: MessageBus;
  readonly processed: ProcessedEvents;
  readonly topics: Readonly<Record<string, string>>;
  readonly groupPrefix: string;
  readonly clock: Clock;
  readonly log: { warn(message: string): void; error(message: string): void };
}

/**
 * Sagas read the relayed events through here: one consumer group per saga (Kafka spreads its
 * partitions over the replicas; in-process in embedded mode), each event handled once per saga
 * by its id. A handler that keeps failing is retried by the bus and then dead-lettered with its
 * error, so one poison event never blocks the events behind it.
 */
export class EventConsumers {
  private readonly handles: ConsumerHandle[] = [];

  constructor(private readonly options: EventConsumersOptions) {}

  async subscribe(spec: EventConsumerSpec): Promise<void> {
    const { bus, processed, clock, log } = this.options;
    const topics = [
      ...new Set(spec.categories.map((category) => topicForCategory(category, this.options.topics))),
    ];
    await bus.ensureTopics(topics.flatMap((topic) => [{ topic }, { topic: deadLetterTopic(topic) }]));
    const types = new Set(spec.types);
    const handle = await bus.consume({
      groupId: `${this.options.groupPrefix}.${spec.name}`,
      topics,
      handler: async (message) => {
        const event = parseCloudEvent(message.value);
        if (!types.has(event.type)) return;
        if (await processed.has(spec.name, event.id)) return;
        await spec.handle(event);
        await processed.mark(spec.name, event.id, clock.now());
      },
      onDeadLettered: (message, error) =>
        log.error(
          `${spec.name}: gave up on ${message.topic}[${message.partition}]@${message.offset} (${message.headers.ce_type ?? 'unknown type'} ${message.headers.ce_id ?? ''}), sent to ${deadLetterTopic(message.topic)}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      onError: (error) => log.warn(`${spec.name}: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.handles.push(handle);
  }

  async stop(): Promise<void> {
    const handles = this.handles.splice(0);
    await Promise.all(handles.map((handle) => handle.stop()));
  }
}
