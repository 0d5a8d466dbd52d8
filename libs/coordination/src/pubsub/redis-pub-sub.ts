import type { Redis } from 'ioredis';
import { redisOperation } from '../redis/redis-errors';
import { assertName } from '../shared/arguments';
import { serializeJson, type JsonValue } from '../shared/json-value';
import { escapeGlob } from './channel-pattern';
import {
  HandlerRegistry,
  logHandlerError,
  subscriptionKey,
  type HandlerErrorReporter,
  type SubscriptionKey,
} from './handler-registry';
import type { MessageHandler, PubSub, Subscription, Unsubscribe } from './pub-sub.port';

/**
 * Redis pub/sub across API replicas. A connection in subscriber mode can run nothing but
 * (UN)SUBSCRIBE, so it is a dedicated one; publishing uses the shared command connection. One
 * upstream SUBSCRIBE per channel or pattern serves every local handler. After a dropped
 * connection ioredis reconnects and re-subscribes to everything it had (autoResubscribe);
 * messages published in between are lost, as the port documents.
 *
 * Channels and patterns live under the key prefix (one Redis can serve several environments or
 * test runs); handlers see the channel without it.
 */
export class RedisPubSub implements PubSub {
  private readonly registry: HandlerRegistry;
  private readonly upstream = new Set<string>();
  // (Un)subscribes run one at a time, each bringing Redis in line with the registry, so a quick
  // subscribe/unsubscribe/subscribe sequence can never end unsubscribed with a handler waiting.
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly keyPrefix: string,
    options: { onHandlerError?: HandlerErrorReporter } = {},
  ) {
    this.registry = new HandlerRegistry(options.onHandlerError ?? logHandlerError);
    subscriber.on('message', (channel: string, payload: string) => {
      const name = this.unprefixed(channel);
      if (name !== null)
        this.registry.deliver(this.registry.handlersFor({ kind: 'channel', name }), name, payload);
    });
    subscriber.on('pmessage', (pattern: string, channel: string, payload: string) => {
      const name = this.unprefixed(channel);
      const patternName = this.keyPrefix === '' ? pattern : pattern.slice(escapeGlob(this.keyPrefix).length);
      if (name !== null)
        this.registry.deliver(
          this.registry.handlersFor({ kind: 'pattern', name: patternName }),
          name,
          payload,
        );
    });
  }

  async publish(channel: string, message: JsonValue): Promise<void> {
    assertName('channel', channel);
    const payload = serializeJson('message', message);
    await redisOperation('publish', () => this.publisher.publish(this.keyPrefix + channel, payload));
  }

  async subscribe(subscription: Subscription, handler: MessageHandler): Promise<Unsubscribe> {
    const key = subscriptionKey(subscription);
    let active = true;
    const own: MessageHandler = (message, channel) => {
      if (active) handler(message, channel);
    };
    this.registry.add(key, own);
    try {
      await this.sync(key);
    } catch (error) {
      active = false;
      this.registry.remove(key, own);
      throw error;
    }
    return async () => {
      if (!active) return;
      active = false;
      this.registry.remove(key, own);
      await this.sync(key);
    };
  }

  private sync(key: SubscriptionKey): Promise<void> {
    const run = this.syncing.then(() => this.bringInLine(key));
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async bringInLine(key: SubscriptionKey): Promise<void> {
    const id = `${key.kind}:${key.name}`;
    const wanted = this.registry.has(key);
    if (wanted === this.upstream.has(id)) return;
    const target = key.kind === 'channel' ? this.keyPrefix + key.name : escapeGlob(this.keyPrefix) + key.name;
    if (wanted) {
      await redisOperation(key.kind === 'channel' ? 'subscribe' : 'psubscribe', () =>
        key.kind === 'channel' ? this.subscriber.subscribe(target) : this.subscriber.psubscribe(target),
      );
      this.upstream.add(id);
    } else {
      this.upstream.delete(id);
      await redisOperation(key.kind === 'channel' ? 'unsubscribe' : 'punsubscribe', () =>
        key.kind === 'channel' ? this.subscriber.unsubscribe(target) : this.subscriber.punsubscribe(target),
      );
    }
  }

  private unprefixed(channel: string): string | null {
    return channel.startsWith(this.keyPrefix) ? channel.slice(this.keyPrefix.length) : null;
  }
}
