import { Logger } from '@nestjs/common';
import { assertName } from '../shared/arguments';
import { parseJson } from '../shared/json-value';
import type { MessageHandler, Subscription } from './pub-sub.port';

export type HandlerErrorReporter = (error: unknown, channel: string) => void;

const logger = new Logger('PubSub');

export const logHandlerError: HandlerErrorReporter = (error, channel) =>
  logger.error(
    `a subscriber's handler threw for channel ${channel}`,
    error instanceof Error ? error.stack : String(error),
  );

export interface SubscriptionKey {
  kind: 'channel' | 'pattern';
  name: string;
}

export function subscriptionKey(subscription: Subscription): SubscriptionKey {
  const key: SubscriptionKey =
    'channel' in subscription
      ? { kind: 'channel', name: subscription.channel }
      : { kind: 'pattern', name: subscription.pattern };
  assertName(key.kind, key.name);
  return key;
}

/**
 * Handlers per channel and per pattern, shared by both adapters. Each handler gets its own parse
 * of the payload, so one handler mutating its message cannot change what another sees.
 */
export class HandlerRegistry {
  private readonly handlers = new Map<string, Set<MessageHandler>>();

  constructor(private readonly onHandlerError: HandlerErrorReporter) {}

  /** True when this is the first handler for the key (the adapter must subscribe upstream). */
  add(key: SubscriptionKey, handler: MessageHandler): boolean {
    const id = registryId(key);
    const set = this.handlers.get(id) ?? new Set<MessageHandler>();
    const first = set.size === 0;
    set.add(handler);
    this.handlers.set(id, set);
    return first;
  }

  /** True when the last handler for the key left (the adapter may unsubscribe upstream). */
  remove(key: SubscriptionKey, handler: MessageHandler): boolean {
    const id = registryId(key);
    const set = this.handlers.get(id);
    if (!set || !set.delete(handler)) return false;
    if (set.size > 0) return false;
    this.handlers.delete(id);
    return true;
  }

  has(key: SubscriptionKey): boolean {
    return this.handlers.has(registryId(key));
  }

  handlersFor(key: SubscriptionKey): MessageHandler[] {
    return [...(this.handlers.get(registryId(key)) ?? [])];
  }

  /** The patterns with at least one handler. */
  patterns(): string[] {
    return [...this.handlers.keys()].filter((id) => id.startsWith('p:')).map((id) => id.slice(2));
  }

  deliver(handlers: readonly MessageHandler[], channel: string, payload: string): void {
    for (const handler of handlers) {
      try {
        handler(parseJson(payload), channel);
      } catch (error) {
        this.onHandlerError(error, channel);
      }
    }
  }
}

function registryId(key: SubscriptionKey): string {
  return `${key.kind === 'channel' ? 'c' : 'p'}:${key.name}`;
}
