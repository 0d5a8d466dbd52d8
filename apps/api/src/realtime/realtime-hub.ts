import { Inject, Injectable, Logger } from '@nestjs/common';
import { PUB_SUB, type PubSub, type Unsubscribe } from '@herald/coordination';
import { HeraldError } from '@herald/shared-kernel';
import { parseRealtimeMessage, type RealtimeMessage } from './realtime.messages';

type Listener = (message: RealtimeMessage) => void;

interface ChannelState {
  readonly listeners: Set<Listener>;
  /** The broker subscription, shared by every local listener of the channel. */
  readonly active: Promise<Unsubscribe>;
}

/** Messages a slow client may have waiting before its subscription is ended (it resubscribes and re-reads). */
export const MAX_BUFFERED_MESSAGES = 1_000;

/**
 * This replica's side of the fan-out: one broker subscription per channel however many local
 * clients listen on it, dropped when the last one leaves. Each GraphQL subscription gets an
 * async iterator over its channel.
 */
@Injectable()
export class RealtimeHub {
  private readonly logger = new Logger(RealtimeHub.name);
  private readonly channels = new Map<string, ChannelState>();

  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSub) {}

  /** Resolves once messages published on `channel` reach `listener`. */
  async listen(channel: string, listener: Listener): Promise<() => void> {
    let state = this.channels.get(channel);
    if (state === undefined) {
      const listeners = new Set<Listener>();
      const active = this.pubSub.subscribe({ channel }, (raw) => this.dispatch(listeners, raw));
      state = { listeners, active };
      this.channels.set(channel, state);
    }
    state.listeners.add(listener);
    try {
      await state.active;
    } catch (error) {
      this.channels.delete(channel);
      throw error;
    }
    const current = state;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.channels.get(channel) !== current) return;
      this.channels.delete(channel);
      void current.active
        .then((unsubscribe) => unsubscribe())
        .catch((error: unknown) => this.logger.warn({ err: error, channel }, 'realtime unsubscribe failed'));
    };
  }

  /** The channel's messages that `select` maps to a value, as an async iterator for a GraphQL subscription. */
  async iterate<T>(
    channel: string,
    select: (message: RealtimeMessage) => T | null,
  ): Promise<AsyncIterableIterator<T>> {
    const buffered: T[] = [];
    const waiting: ((result: IteratorResult<T>) => void)[] = [];
    let failure: HeraldError | null = null;
    let done = false;
    let rejectWaiting: ((error: HeraldError) => void) | null = null;

    const stop = await this.listen(channel, (message) => {
      if (done) return;
      const value = select(message);
      if (value === null) return;
      const next = waiting.shift();
      if (next !== undefined) return next({ value, done: false });
      buffered.push(value);
      if (buffered.length > MAX_BUFFERED_MESSAGES) {
        failure = new HeraldError(
          'RATE_LIMIT.EXCEEDED',
          'This subscription fell too far behind; subscribe again.',
          {
            retryAfterMs: 0,
            buffered: buffered.length,
          },
        );
        rejectWaiting?.(failure);
        finish();
      }
    });

    const finish = (): void => {
      if (done) return;
      done = true;
      stop();
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
    };

    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        const value = buffered.shift();
        if (value !== undefined && failure === null) return Promise.resolve({ value, done: false });
        if (failure !== null) return Promise.reject(failure);
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          waiting.push(resolve);
          rejectWaiting = reject;
        });
      },
      return: () => {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw: (error: unknown) => {
        finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private dispatch(
    listeners: ReadonlySet<Listener>,
    raw: Parameters<Parameters<PubSub['subscribe']>[1]>[0],
  ): void {
    let message: RealtimeMessage;
    try {
      message = parseRealtimeMessage(raw);
    } catch (error) {
      this.logger.warn({ err: error }, 'dropped a malformed realtime message');
      return;
    }
    for (const listener of listeners) listener(message);
  }
}
