import { assertName } from '../shared/arguments';
import { serializeJson, type JsonValue } from '../shared/json-value';
import { matchesChannelPattern } from './channel-pattern';
import {
  HandlerRegistry,
  logHandlerError,
  subscriptionKey,
  type HandlerErrorReporter,
} from './handler-registry';
import type { MessageHandler, PubSub, Subscription, Unsubscribe } from './pub-sub.port';

interface Pending {
  channel: string;
  payload: string;
  handlers: MessageHandler[];
}

/**
 * One process, so "across replicas" is "across the process". Delivery is asynchronous (a handler
 * never runs inside `publish`, as with Redis) from one FIFO queue, which keeps per-channel order;
 * the receivers are fixed at publish time, as Redis fixes them when PUBLISH runs.
 */
export class MemoryPubSub implements PubSub {
  private readonly registry: HandlerRegistry;
  private queue: Pending[] = [];
  private draining = false;

  constructor(options: { onHandlerError?: HandlerErrorReporter } = {}) {
    this.registry = new HandlerRegistry(options.onHandlerError ?? logHandlerError);
  }

  async publish(channel: string, message: JsonValue): Promise<void> {
    assertName('channel', channel);
    const payload = serializeJson('message', message);
    // Channel subscribers first, then pattern subscribers, in the order Redis's PUBLISH uses.
    const handlers = [
      ...this.registry.handlersFor({ kind: 'channel', name: channel }),
      ...this.registry
        .patterns()
        .filter((pattern) => matchesChannelPattern(pattern, channel))
        .flatMap((pattern) => this.registry.handlersFor({ kind: 'pattern', name: pattern })),
    ];
    if (handlers.length === 0) return;
    this.queue.push({ channel, payload, handlers });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  async subscribe(subscription: Subscription, handler: MessageHandler): Promise<Unsubscribe> {
    const key = subscriptionKey(subscription);
    let active = true;
    // A wrapper per subscription: the same function subscribed twice is two subscriptions, and
    // nothing reaches it after its unsubscribe, even a message queued before.
    const own: MessageHandler = (message, channel) => {
      if (active) handler(message, channel);
    };
    this.registry.add(key, own);
    return async () => {
      if (!active) return;
      active = false;
      this.registry.remove(key, own);
    };
  }

  private drain(): void {
    // Takes the whole batch (Array#shift would make a burst quadratic); messages published by
    // handlers during it form the next batch, after this one, so order is kept.
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        for (const next of batch) this.registry.deliver(next.handlers, next.channel, next.payload);
      }
    } finally {
      this.draining = false;
    }
  }
}
