import type { JsonValue } from '../shared/json-value';

export type Subscription = { readonly channel: string } | { readonly pattern: string };

export type MessageHandler = (message: JsonValue, channel: string) => void;

export type Unsubscribe = () => Promise<void>;

/**
 * Fan-out of live notifications across replicas (GraphQL subscriptions). Delivery is best effort,
 * like Redis pub/sub itself: a message published while a subscriber is disconnected is lost, and
 * a publish retried after a dropped connection may arrive twice. Messages on one channel from one
 * publisher arrive in publish order. Subscribers that must not miss anything re-read the
 * projection after (re)subscribing; payloads carry ids and versions so duplicates are harmless.
 */
export interface PubSub {
  /** Resolves once the message is handed to the broker (Redis: every current subscriber has it queued). */
  publish(channel: string, message: JsonValue): Promise<void>;
  /**
   * Calls `handler` for each message on the channel, or on every channel matching the glob
   * pattern (`*`, `?`, `[a-z]`, `\` escapes, as Redis PSUBSCRIBE). Resolves once the subscription
   * is active: a message published after that is delivered. A throwing handler is reported and
   * does not stop delivery to the others.
   */
  subscribe(subscription: Subscription, handler: MessageHandler): Promise<Unsubscribe>;
}
