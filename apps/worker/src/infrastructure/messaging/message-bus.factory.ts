import { InProcessMessageBus, KafkaMessageBus, type MessageBus } from '@herald/messaging';
import { HeraldError, type HeraldConfig } from '@herald/shared-kernel';

/** Kafka when MESSAGE_BUS=kafka (production's default), the in-process bus otherwise. */
export function openMessageBus(config: HeraldConfig, clientId: string): MessageBus {
  switch (config.messageBus) {
    case 'in-process':
      return new InProcessMessageBus();
    case 'kafka':
      if (config.kafkaBrokers === undefined || config.kafkaBrokers.length === 0) {
        throw new HeraldError('CONFIG.INVALID', 'KAFKA_BROKERS is required when MESSAGE_BUS=kafka', {
          variables: ['KAFKA_BROKERS'],
        });
      }
      return new KafkaMessageBus({ brokers: config.kafkaBrokers, clientId });
  }
}
