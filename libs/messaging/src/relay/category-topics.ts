import { HeraldError } from '@herald/shared-kernel';
import { deadLetterTopic } from '../topics';

/**
 * Stream category → Kafka topic (DESIGN.md, "Kafka topics"; docs/asyncapi.yaml documents each).
 * Only these categories are integration events: the relay reads `$all` filtered to them, so
 * internal streams never leave. A new category needs a row here and in the AsyncAPI document.
 * The `.v1` suffix changes only with an incompatible envelope change, never with event schema
 * versions (those travel in the `schemaversion` attribute).
 */
export const CATEGORY_TOPICS: Readonly<Record<string, string>> = {
  post: 'herald.posts.v1',
  socialAccount: 'herald.accounts.v1',
  agentTask: 'herald.agent-tasks.v1',
  organization: 'herald.organizations.v1',
  user: 'herald.identity.v1',
  subscription: 'herald.billing.v1',
};

export function topicForCategory(
  category: string,
  topics: Readonly<Record<string, string>> = CATEGORY_TOPICS,
): string {
  const topic = Object.prototype.hasOwnProperty.call(topics, category) ? topics[category] : undefined;
  if (topic === undefined)
    throw new HeraldError('MESSAGING.UNMAPPED_CATEGORY', `no topic for stream category "${category}"`, {
      category,
    });
  return topic;
}

/** Every topic the relay writes, with the dead-letter topic its consumers need. */
export const relayTopics = (topics: Readonly<Record<string, string>> = CATEGORY_TOPICS): string[] =>
  [...new Set(Object.values(topics))].flatMap((topic) => [topic, deadLetterTopic(topic)]);
