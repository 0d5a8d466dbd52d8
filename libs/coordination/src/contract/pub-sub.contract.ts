import { performance } from 'node:perf_hooks';
import type { PubSub } from '../pubsub/pub-sub.port';
import type { JsonValue } from '../shared/json-value';
import { eventually, percentile, unique, type CoordinationHarness } from './contract-harness';

interface Received {
  channel: string;
  message: JsonValue;
}

function recorder(): { received: Received[]; handler: (message: JsonValue, channel: string) => void } {
  const received: Received[] = [];
  return { received, handler: (message, channel) => received.push({ channel, message }) };
}

export function describePubSubContract(label: string, harness: CoordinationHarness): void {
  describe(`PubSub contract: ${label}`, () => {
    const pubSub = async (): Promise<PubSub> => (await harness.replica()).pubSub;

    it('delivers a message published on any replica to the subscribers of every replica', async () => {
      const [a, b] = [await pubSub(), await pubSub()];
      const channel = unique('post-updates');
      const [onA, onB] = [recorder(), recorder()];
      await a.subscribe({ channel }, onA.handler);
      await b.subscribe({ channel }, onB.handler);
      await a.publish(channel, { postId: 'p1', status: 'scheduled' });
      await eventually(() => (onA.received.length === 1 && onB.received.length === 1 ? true : undefined));
      expect(onB.received).toEqual([{ channel, message: { postId: 'p1', status: 'scheduled' } }]);
      expect(onA.received).toEqual(onB.received);
    });

    it('keeps publish order per channel', async () => {
      const [publisher, subscriber] = [await pubSub(), await pubSub()];
      const [first, second] = [unique('posts'), unique('accounts')];
      const onFirst = recorder();
      const onSecond = recorder();
      await subscriber.subscribe({ channel: first }, onFirst.handler);
      await subscriber.subscribe({ channel: second }, onSecond.handler);
      const count = 300;
      await Promise.all(
        Array.from({ length: count }, (_, i) => [
          publisher.publish(first, i),
          publisher.publish(second, { seq: i }),
        ]).flat(),
      );
      await eventually(() =>
        onFirst.received.length === count && onSecond.received.length === count ? true : undefined,
      );
      expect(onFirst.received.map((r) => r.message)).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(onSecond.received.map((r) => r.message)).toEqual(
        Array.from({ length: count }, (_, i) => ({ seq: i })),
      );
    });

    it('matches pattern subscriptions as Redis globs and names the actual channel', async () => {
      const [publisher, subscriber] = [await pubSub(), await pubSub()];
      const base = unique('tenant');
      const star = recorder();
      const single = recorder();
      const klass = recorder();
      await subscriber.subscribe({ pattern: `${base}.posts.*` }, star.handler);
      await subscriber.subscribe({ pattern: `${base}.posts.?` }, single.handler);
      await subscriber.subscribe({ pattern: `${base}.[ab]*` }, klass.handler);
      const channels = [
        `${base}.posts.1`,
        `${base}.posts.42`,
        `${base}.accounts.1`,
        `${base}.billing`,
        `${base}x.posts.1`,
      ];
      for (const channel of channels) await publisher.publish(channel, channel);
      const marker = recorder();
      const markerChannel = unique('marker');
      await subscriber.subscribe({ channel: markerChannel }, marker.handler);
      await publisher.publish(markerChannel, 'done');
      await eventually(() => (marker.received.length === 1 ? true : undefined));
      expect(star.received.map((r) => r.channel)).toEqual([`${base}.posts.1`, `${base}.posts.42`]);
      expect(single.received.map((r) => r.channel)).toEqual([`${base}.posts.1`]);
      expect(klass.received.map((r) => r.channel)).toEqual([`${base}.accounts.1`, `${base}.billing`]);
      expect(star.received[1].message).toBe(`${base}.posts.42`);
    });

    it('treats glob characters in a channel subscription literally', async () => {
      const [publisher, subscriber] = [await pubSub(), await pubSub()];
      const base = unique('literal');
      const onLiteral = recorder();
      await subscriber.subscribe({ channel: `${base}.*` }, onLiteral.handler);
      await publisher.publish(`${base}.posts`, 'not for the literal subscriber');
      await publisher.publish(`${base}.*`, 'for it');
      await eventually(() => (onLiteral.received.length >= 1 ? true : undefined));
      expect(onLiteral.received.map((r) => r.message)).toEqual(['for it']);
    });

    it('stops delivering after unsubscribe and keeps each subscription separate', async () => {
      const [publisher, subscriber] = [await pubSub(), await pubSub()];
      const channel = unique('notifications');
      const twice = recorder();
      const stays = recorder();
      const unsubscribeFirst = await subscriber.subscribe({ channel }, twice.handler);
      await subscriber.subscribe({ channel }, twice.handler);
      await subscriber.subscribe({ channel }, stays.handler);
      await publisher.publish(channel, 1);
      await eventually(() => (twice.received.length === 2 && stays.received.length === 1 ? true : undefined));
      await unsubscribeFirst();
      await unsubscribeFirst();
      await publisher.publish(channel, 2);
      await eventually(() => (stays.received.length === 2 ? true : undefined));
      expect(twice.received.map((r) => r.message)).toEqual([1, 1, 2]);
    });

    it('resubscribes correctly after the last handler left', async () => {
      const [publisher, subscriber] = [await pubSub(), await pubSub()];
      const channel = unique('flap');
      const first = recorder();
      const second = recorder();
      const unsubscribe = await subscriber.subscribe({ channel }, first.handler);
      await unsubscribe();
      await subscriber.subscribe({ channel }, second.handler);
      await publisher.publish(channel, 'after');
      await eventually(() => (second.received.length === 1 ? true : undefined));
      expect(first.received).toEqual([]);
    });

    it('isolates a throwing handler from the others and reports it', async () => {
      const errors: unknown[] = [];
      const subscriber = (await harness.replica({ onHandlerError: (error) => errors.push(error) })).pubSub;
      const channel = unique('fragile');
      const good = recorder();
      await subscriber.subscribe({ channel }, () => {
        throw new Error('handler bug');
      });
      await subscriber.subscribe({ channel }, (message, name) => {
        (message as { touched?: boolean }).touched = true;
        good.handler(message, name);
      });
      const third = recorder();
      await subscriber.subscribe({ channel }, third.handler);
      await subscriber.publish(channel, { id: 1 });
      await eventually(() => (good.received.length === 1 && third.received.length === 1 ? true : undefined));
      expect(errors).toEqual([expect.objectContaining({ message: 'handler bug' })]);
      expect(third.received[0].message).toEqual({ id: 1 });
    });

    it('refuses messages that are not plain JSON', async () => {
      const sut = await pubSub();
      await expect(
        sut.publish(unique('c'), { at: new Date() } as unknown as JsonValue),
      ).rejects.toMatchObject({
        code: 'COORDINATION.INVALID_ARGUMENT',
      });
      await expect(sut.publish('', 1)).rejects.toMatchObject({ code: 'COORDINATION.INVALID_ARGUMENT' });
    });

    it('measures publish-to-receive latency over 2,000 messages (printed, not asserted)', async () => {
      const [publisher, subscriber] = [await pubSub(), await pubSub()];
      const channel = unique('latency');
      const count = 2_000;
      const sentAt = new Array<number>(count);
      const latencies: number[] = [];
      let onNext: () => void = () => undefined;
      await subscriber.subscribe({ channel }, (message) => {
        latencies.push(performance.now() - sentAt[message as number]);
        onNext();
      });
      // Paced: the next message goes out once the previous one arrived, as live updates do.
      for (let i = 0; i < count; i++) {
        const arrived = new Promise<void>((resolve) => (onNext = resolve));
        sentAt[i] = performance.now();
        await publisher.publish(channel, i);
        await arrived;
      }
      onNext = () => undefined;
      const paced = [...latencies].sort((x, y) => x - y);
      latencies.length = 0;
      // Burst: all at once, the worst case of a fan-out after a bulk change.
      await Promise.all(
        Array.from({ length: count }, (_, i) => {
          sentAt[i] = performance.now();
          return publisher.publish(channel, i);
        }),
      );
      await eventually(() => (latencies.length === count ? true : undefined), 30_000);
      const burst = [...latencies].sort((x, y) => x - y);
      const ms = (value: number) => `${value.toFixed(2)} ms`;
      console.log(
        `[pub/sub latency, ${label}] ${count} messages; paced p50 ${ms(percentile(paced, 0.5))}, p95 ${ms(percentile(paced, 0.95))}, ` +
          `max ${ms(paced[paced.length - 1])}; burst p50 ${ms(percentile(burst, 0.5))}, p95 ${ms(percentile(burst, 0.95))}, ` +
          `max ${ms(burst[burst.length - 1])} (product target: p95 < 100 ms end to end)`,
      );
      expect(paced).toHaveLength(count);
      expect(burst).toHaveLength(count);
    });
  });
}
