export * from './message-bus.port';
export * from './topics';
export * from './dead-letter';
export { InProcessMessageBus, type InProcessMessageBusOptions } from './in-process/in-process-message-bus';
export { KafkaMessageBus, type KafkaMessageBusOptions, type KafkaLogLevel } from './kafka/kafka-message-bus';
export { parseKafkaBrokers } from './kafka/kafka-config';
export { CATEGORY_TOPICS, topicForCategory, relayTopics } from './relay/category-topics';
export {
  toCloudEvent,
  parseCloudEvent,
  cloudEventPersonalFields,
  CLOUD_EVENT_CONTENT_TYPE,
  type HeraldCloudEvent,
} from './relay/cloud-event';
export {
  EventRelay,
  DEFAULT_RELAY_SUBSCRIBER,
  type EventRelayOptions,
  type RelayStatus,
} from './relay/event-relay';
