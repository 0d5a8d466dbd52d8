import type { RecordedEvent } from '../envelope/envelope';
import type { SubscribeToAllOptions, Subscription } from '../event-store.port';
import type { EventStoreContractFactory, EventStoreContractFeatures, EventStoreContractFixture } from './contract-fixture';
import { events, newEvent, required, streamOf, until, withStore } from './contract-fixture';

interface Recorder {
  readonly handled: RecordedEvent[];
  readonly errors: unknown[];
  readonly drops: Array<{ error: unknown; retryInMs: number }>;
  caughtUpAfter: number | null;
  options(overrides?: Partial<SubscribeToAllOptions>): SubscribeToAllOptions;
}

function recorder(): Recorder {
  const self: Recorder = {
    handled: [],
    errors: [],
    drops: [],
    caughtUpAfter: null,
    options: (overrides = {}) => ({
      onEvent: async (event) => {
        self.handled.push(event);
      },
      onCaughtUp: () => {
        self.caughtUpAfter = self.handled.length;
      },
      onError: (error) => self.errors.push(error),
      onDropped: (error, retryInMs) => self.drops.push({ error, retryInMs }),
      ...overrides,
    }),
  };
  return self;
}

const positionsOf = (recorded: readonly RecordedEvent[]) => recorded.map((event) => event.globalPosition);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

export function subscriptionContract(factory: EventStoreContractFactory, features: EventStoreContractFeatures): void {
  const run = (body: (fixture: EventStoreContractFixture) => Promise<void>) => withStore(factory, {}, body);

  describe('subscribeToAll', () => {
    let subscriptions: Subscription[] = [];
    const track = (subscription: Subscription) => {
      subscriptions.push(subscription);
      return subscription;
    };
    afterEach(async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      subscriptions = [];
    });

    it('catches up, switches to live, and hands every event once in global order', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await store.append(streamId, events(3), { expectedRevision: 'no_stream' });
        const seen = recorder();
        const subscription = track(store.subscribeToAll(seen.options()));
        await until(() => seen.caughtUpAfter !== null, 'caught up');
        expect(seen.caughtUpAfter).toBe(3);
        await store.append(streamId, events(2), { expectedRevision: 2 });
        await Promise.all(Array.from({ length: 20 }, () => store.append(streamOf(), events(1), { expectedRevision: 'no_stream' })));
        await until(() => seen.handled.length === 25, '25 events handled');
        expect(positionsOf(seen.handled)).toEqual(range(1, 25));
        expect(subscription.position).toBe(25);
        expect(seen.errors).toEqual([]);
      }));

    it('starts after a given position and honours the filter', () =>
      run(async ({ store }) => {
        const post = streamOf('post');
        await store.append(post, events(2), { expectedRevision: 'no_stream' });
        await store.append(streamOf('user'), events(2), { expectedRevision: 'no_stream' });
        const seen = recorder();
        track(store.subscribeToAll(seen.options({ afterPosition: 1, filter: { categories: ['post'] } })));
        await store.append(post, events(1), { expectedRevision: 1 });
        await until(() => seen.handled.length === 2, 'post events handled');
        expect(positionsOf(seen.handled)).toEqual([2, 5]);
      }));

    it('checkpoints by subscriber id and resumes after the checkpoint', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await store.append(streamId, events(3), { expectedRevision: 'no_stream' });
        const first = recorder();
        const subscription = store.subscribeToAll(first.options({ subscriberId: 'contract-projector' }));
        await until(() => first.handled.length === 3, 'first run handled 3');
        await subscription.stop();
        expect(await store.checkpoints.load('contract-projector')).toBe(3);
        await store.append(streamId, events(2), { expectedRevision: 2 });
        const second = recorder();
        track(store.subscribeToAll(second.options({ subscriberId: 'contract-projector' })));
        await until(() => second.handled.length === 2, 'second run handled 2');
        expect(positionsOf(second.handled)).toEqual([4, 5]);
        await until(async () => (await store.checkpoints.load('contract-projector')) === 5, 'checkpoint at 5');
        expect(await store.checkpoints.load('nobody')).toBeNull();
      }));

    it('stops on a handler error, reports it, and never skips the failed event', () =>
      run(async ({ store }) => {
        const streamId = streamOf();
        await store.append(streamId, events(4), { expectedRevision: 'no_stream' });
        const failing = recorder();
        const boom = new Error('handler failed');
        const subscription = store.subscribeToAll(
          failing.options({
            subscriberId: 'contract-failing',
            onEvent: async (event) => {
              if (event.revision === 2) throw boom;
              failing.handled.push(event);
            },
          }),
        );
        await until(() => failing.errors.length === 1, 'the error is reported');
        expect(failing.errors).toEqual([boom]);
        await store.append(streamId, events(1), { expectedRevision: 3 });
        await subscription.stop();
        expect(positionsOf(failing.handled)).toEqual([1, 2]);
        expect(subscription.position).toBe(2);
        expect(await store.checkpoints.load('contract-failing')).toBe(2);
        const retry = recorder();
        track(store.subscribeToAll(retry.options({ subscriberId: 'contract-failing' })));
        await until(() => retry.handled.length === 3, 'the failed event is handled on resubscribe');
        expect(positionsOf(retry.handled)).toEqual([3, 4, 5]);
      }));

    if (features.readFaults) {
      it('resubscribes with exponential backoff after a dropped connection, from the last handled position', () =>
        run(async ({ store, readFaults }) => {
          const faults = required(readFaults, 'read faults');
          const streamId = streamOf();
          await store.append(streamId, events(2), { expectedRevision: 'no_stream' });
          const seen = recorder();
          faults.failNext(3);
          track(store.subscribeToAll(seen.options()));
          await until(() => seen.handled.length === 2, 'caught up after the drops');
          expect(seen.drops).toHaveLength(3);
          const delays = seen.drops.map((drop) => drop.retryInMs);
          expect(delays[1]).toBe(delays[0] * 2);
          expect(delays[2]).toBe(delays[1] * 2);
          faults.failNext(2);
          await store.append(streamId, [newEvent(), newEvent()], { expectedRevision: 1 });
          await until(() => seen.handled.length === 4, 'live events handled after the second drop');
          expect(seen.drops).toHaveLength(5);
          expect(seen.drops[3].retryInMs).toBe(delays[0]);
          expect(positionsOf(seen.handled)).toEqual([1, 2, 3, 4]);
          expect(seen.errors).toEqual([]);
        }));
    }
  });
}
