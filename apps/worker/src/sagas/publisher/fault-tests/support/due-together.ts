import type { SocialPlatform } from '@herald/accounts';
import type { HeraldCommand } from '@herald/commands';
import { createMemoryCoordination, type Lease, type LeaseManager } from '@herald/coordination';
import type { PlatformConnector } from '@herald/platforms';
import type { SagaCommandBus } from '../../../support/saga-runtime';
import { DEFAULT_PLATFORM_LIMITS, DEFAULT_PUBLISHER_OPTIONS, type PublisherOptions } from '../../publisher.options';
import { PublisherSaga } from '../../publisher.saga';
import { PublisherHarness, until } from '../../test/publisher-harness';
import { ShiftableClock } from './shiftable-clock';

export interface DueTogetherOptions {
  readonly posts: number;
  /** Webhook accounts the posts are spread over (one target each). */
  readonly accounts: number;
  /** Overrides of the publisher's options (the defaults are the product's). */
  readonly publisher?: Partial<PublisherOptions>;
  /** Gives up waiting for the publications after this long past the due instant. */
  readonly deadlineMs: number;
  readonly progress?: (message: string) => void;
}

/** Where the saga's time went, summed over all posts (milliseconds, calls). */
export interface TimeSpent {
  readonly [part: string]: { readonly calls: number; readonly totalMs: number };
}

export interface DueTogetherResult {
  readonly posts: number;
  readonly dueAt: Date;
  /** Receipt time at the receiver minus the due instant, per delivery, sorted. */
  readonly latenessMs: readonly number[];
  /** Due instant to the last outcome recorded in the event store. */
  readonly allRecordedAfterMs: number | null;
  readonly deliveries: number;
  /** Posts the receiver got more than once (must be empty). */
  readonly duplicatedPosts: readonly number[];
  /** Posts the receiver never got. */
  readonly missingPosts: readonly number[];
  /** Posts whose stream does not hold exactly one `post.publishSucceeded`. */
  readonly wronglyRecorded: readonly string[];
  readonly schedulingMs: number;
  readonly spent: TimeSpent;
  readonly options: Pick<PublisherOptions, 'timers'> & { readonly webhook: PublisherOptions['limits']['webhook'] };
}

class Stopwatch {
  private readonly parts = new Map<string, { calls: number; totalMs: number }>();

  async time<R>(part: string, work: () => Promise<R>): Promise<R> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const entry = this.parts.get(part) ?? { calls: 0, totalMs: 0 };
      entry.calls += 1;
      entry.totalMs += performance.now() - started;
      this.parts.set(part, entry);
    }
  }

  snapshot(): TimeSpent {
    return Object.fromEntries(this.parts);
  }
}

/**
 * N posts due at the same instant, each to one of a few generic webhook targets served by a local
 * receiver, published by one saga on the real components of the publisher harness (SQLite event
 * store, posts command handlers, relay onto the in-process bus, embedded read store, memory
 * leases and rate limiter). The saga runs while the posts are scheduled, as in steady state; its
 * timer loop then sleeps until the due instant. Counts every delivery by post and every recorded
 * outcome, and times the saga's command appends, lease calls and platform calls.
 */
export async function runDueTogether(options: DueTogetherOptions): Promise<DueTogetherResult> {
  const say = options.progress ?? (() => undefined);
  const clock = new ShiftableClock();
  const h = await PublisherHarness.start(clock);
  const coordination = createMemoryCoordination({ clock });
  const watch = new Stopwatch();
  let saga: PublisherSaga | null = null;
  try {
    const received = new Map<number, { at: number; key: string }[]>();
    h.platform.on('POST', '/hook/:n', (request) => {
      const body = request.json() as { post: { text: string } };
      const index = Number(/#(\d+)$/.exec(body.post.text)?.[1] ?? -1);
      const list = received.get(index) ?? [];
      list.push({ at: clock.now().getTime(), key: request.headers['idempotency-key'] ?? '' });
      received.set(index, list);
      return { status: 200, json: { id: `delivery-${index}-${list.length}` } };
    });
    const accounts: string[] = [];
    for (let i = 0; i < options.accounts; i++) accounts.push(await h.connectWebhook(`/hook/${i}`));

    const publisherOptions: Partial<PublisherOptions> = {
      ...options.publisher,
      limits: options.publisher?.limits ?? DEFAULT_PLATFORM_LIMITS,
    };
    saga = new PublisherSaga({
      eventStore: h.store,
      readStore: h.readStore,
      bus: h.bus,
      commands: timedCommands(h.commands, watch),
      connectors: timedConnectors(h.connectors(), watch),
      leases: timedLeases(coordination.leases, watch),
      rateLimiter: coordination.rateLimiter,
      clock,
      logger: h.logs,
      options: publisherOptions,
    });
    await saga.start();

    const dueAt = new Date(Math.ceil((clock.now().getTime() + 60 * 60_000) / 1000) * 1000);
    const scheduling = performance.now();
    const postIds: string[] = new Array<string>(options.posts);
    let next = 0;
    const writer = async (): Promise<void> => {
      for (let i = next++; i < options.posts; i = next++) {
        const accountId = accounts[i % accounts.length];
        postIds[i] = await h.schedulePost({
          at: dueAt,
          targets: [{ accountId, platform: 'webhook' }],
          text: `Due together #${i}`,
        });
        if ((i + 1) % 1000 === 0) say(`scheduled ${i + 1}/${options.posts}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    const timers = h.readStore.collection('publisher_due_posts');
    await until(
      async () => (await timers.count({ dueAt: dueAt.toISOString() })) === options.posts,
      `${options.posts} timers due at ${dueAt.toISOString()}`,
      10 * 60_000,
    );
    const schedulingMs = performance.now() - scheduling;
    say(`scheduled ${options.posts} posts and their timers in ${(schedulingMs / 1000).toFixed(1)} s`);

    // The timer loop re-reads the table at least every `sweepMs`; jumping further ahead than that
    // lets it take its ordinary "sleep until the earliest due instant" path before the burst.
    const settle = saga.options.timers.sweepMs + 2_000;
    clock.jumpTo(new Date(dueAt.getTime() - settle));
    say(`clock moved to ${settle / 1000} s before the due instant; waiting`);

    const published = (): number => h.logs.lines.filter((line) => line.startsWith('log published post')).length;
    let allRecordedAfterMs: number | null = null;
    try {
      await until(() => published() >= options.posts, 'every outcome to be recorded', settle + options.deadlineMs);
      allRecordedAfterMs = clock.now().getTime() - dueAt.getTime();
    } catch {
      const problems = h.logs.lines.filter((line) => !line.startsWith('log '));
      say(
        `only ${published()} of ${options.posts} outcomes recorded within ${options.deadlineMs} ms of the due instant; ` +
          `${problems.length} warnings/errors, the last: ${problems.slice(-5).join(' | ')}`,
      );
    }
    // A second delivery could only come from a later attempt: watch the receiver a while longer.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await saga.stop();
    saga = null;

    const latenessMs: number[] = [];
    const duplicatedPosts: number[] = [];
    const missingPosts: number[] = [];
    for (let i = 0; i < options.posts; i++) {
      const list = received.get(i) ?? [];
      if (list.length === 0) missingPosts.push(i);
      if (list.length > 1) duplicatedPosts.push(i);
      for (const delivery of list) latenessMs.push(delivery.at - dueAt.getTime());
    }
    latenessMs.sort((a, b) => a - b);
    const wronglyRecorded: string[] = [];
    for (const postId of postIds) {
      if ((await h.eventsOf(postId, 'post.publishSucceeded')).length !== 1) wronglyRecorded.push(postId);
    }
    const effective = { ...DEFAULT_PUBLISHER_OPTIONS, ...publisherOptions };
    return {
      posts: options.posts,
      dueAt,
      latenessMs,
      allRecordedAfterMs,
      deliveries: h.platform.requestsTo('POST', '/hook/:n').length,
      duplicatedPosts,
      missingPosts,
      wronglyRecorded,
      schedulingMs,
      spent: watch.snapshot(),
      options: { timers: effective.timers, webhook: effective.limits.webhook },
    };
  } finally {
    await saga?.stop();
    await h.close();
    await coordination.close();
  }
}

function timedCommands(commands: SagaCommandBus, watch: Stopwatch): SagaCommandBus {
  return {
    execute: <R>(command: HeraldCommand<R>): Promise<R> =>
      watch.time(`command ${command.constructor.name}`, () => commands.execute(command)),
  };
}

function timedLeases(leases: LeaseManager, watch: Stopwatch): LeaseManager {
  return {
    acquire: (resource, owner, ttlMs) => watch.time('lease acquire', () => leases.acquire(resource, owner, ttlMs)),
    renew: (lease: Lease, ttlMs) => watch.time('lease renew', () => leases.renew(lease, ttlMs)),
    release: (lease: Lease) => watch.time('lease release', () => leases.release(lease)),
    holder: (resource) => leases.holder(resource),
  };
}

function timedConnectors(
  connectors: ReadonlyMap<SocialPlatform, PlatformConnector>,
  watch: Stopwatch,
): { get(platform: SocialPlatform): PlatformConnector } {
  return {
    get: (platform) => {
      const connector = connectors.get(platform);
      if (connector === undefined) throw new Error(`no ${platform} connector`);
      return new Proxy(connector, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (property !== 'publish' || typeof value !== 'function') return value;
          return (...args: unknown[]) =>
            watch.time('platform call (publish)', () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        },
      });
    },
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
