import { withLease, type LeaseManager, type RateLimiter } from '@herald/coordination';
import type { EventStore } from '@herald/event-store';
import {
  deadLetterTopic,
  topicForCategory,
  type ConsumerHandle,
  type HeraldCloudEvent,
  type MessageBus,
} from '@herald/messaging';
import { postStreamId } from '@herald/posts';
import type { ReadStore } from '@herald/read-store';
import { systemClock, uuidV7Generator, type Clock, type IdGenerator } from '@herald/shared-kernel';
import { AccountCredentialsReader } from '../support/account-credentials.reader';
import type { CircuitState } from '../support/circuit-breaker';
import { DurableTimers, type DurableTimer } from '../support/durable-timers';
import { ProcessedEvents } from '../support/processed-events.store';
import { consumeSagaEvents } from '../support/saga-consumer';
import {
  describeError,
  silentSagaLogger,
  type SagaCommandBus,
  type SagaLogger,
} from '../support/saga-runtime';
import { TimerLoop, type TimerOutcome } from '../support/timer-loop';
import { AttemptRecorder } from './attempt-recorder';
import {
  dueEntries,
  earliestDue,
  postIdOfStream,
  publishLeaseResource,
  type DueEntry,
  type PostTimerPayload,
} from './due-publications';
import { PlatformGate } from './platform-gate';
import { DEFAULT_PUBLISHER_OPTIONS, type PublisherOptions } from './publisher.options';
import type { ConnectorSource, EntryOutcome, PublisherRuntime } from './publisher-runtime';
import { TargetPublisher } from './target-publisher';
import { TargetReconciler } from './target-reconciler';

export const PUBLISHER_TIMERS_COLLECTION = 'publisher_due_posts';

export interface PublisherSagaDependencies {
  /** The application's store (with the personal-data protector): the saga reads posts and decrypts tokens. */
  readonly eventStore: EventStore;
  /** Holds the durable timers and the processed-event ids (shared by every replica). */
  readonly readStore: ReadStore;
  readonly bus: MessageBus;
  readonly commands: SagaCommandBus;
  readonly connectors: ConnectorSource;
  readonly leases: LeaseManager;
  readonly rateLimiter: RateLimiter;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: SagaLogger;
  readonly options?: Partial<PublisherOptions>;
}

/** Post events that never change what is due (saves reading the stream). */
const IRRELEVANT = new Set([
  'post.metricsRecorded',
  'post.duplicated',
  'post.submittedForApproval',
  'post.approved',
  'post.rejected',
]);
const PRUNE_EVERY_MS = 60 * 60_000;
const KEEP_PROCESSED_MS = 14 * 24 * 60 * 60_000;

/**
 * The publisher saga (DESIGN.md, "Guarantees: publishing never double-posts").
 *
 * Events in: post events from `herald.posts.v1` (Kafka, or the in-process bus embedded), each
 * handled once per event id. Each one re-derives the post's durable timer from the post's stream
 * (`publisher_due_posts` in the read store), so timers survive restarts and agree with the
 * decider. A timer loop wakes at the earliest due instant (second accuracy) and, per due target,
 * takes the lease `publish:<post>:<account>:<occurrence>` and runs the publish or reconcile flow.
 *
 * Exactly one platform call per attempt: the lease makes one replica the owner; the event store's
 * exact expected revision and the decider's rule (an attempt without an outcome blocks any other)
 * fence every write, so a replica that lost its lease cannot start a second attempt.
 */
export class PublisherSaga {
  readonly options: PublisherOptions;
  private readonly clock: Clock;
  private readonly logger: SagaLogger;
  private readonly timers: DurableTimers<PostTimerPayload>;
  private readonly processed: ProcessedEvents;
  private readonly loop: TimerLoop<PostTimerPayload>;
  private readonly gate: PlatformGate;
  private readonly publisher: TargetPublisher;
  private readonly reconciler: TargetReconciler;
  private consumer: ConsumerHandle | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: PublisherSagaDependencies) {
    const ids = deps.ids ?? uuidV7Generator;
    this.options = {
      ...DEFAULT_PUBLISHER_OPTIONS,
      instanceId: `publisher-${ids.next()}`,
      ...deps.options,
    };
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentSagaLogger;
    this.timers = new DurableTimers(deps.readStore, PUBLISHER_TIMERS_COLLECTION);
    this.processed = new ProcessedEvents(deps.readStore);
    this.gate = new PlatformGate(
      this.options.limits,
      deps.rateLimiter,
      this.clock,
      this.options.circuitBreaker,
    );
    const runtime: PublisherRuntime = {
      store: deps.eventStore,
      credentials: new AccountCredentialsReader(deps.eventStore),
      connectors: deps.connectors,
      gate: this.gate,
      recorder: new AttemptRecorder(deps.commands),
      clock: this.clock,
      ids,
      options: this.options,
      logger: this.logger,
    };
    this.publisher = new TargetPublisher(runtime);
    this.reconciler = new TargetReconciler(runtime);
    this.loop = new TimerLoop(this.timers, (timer) => this.onTimer(timer), {
      clock: this.clock,
      batch: 100,
      ...this.options.timers,
      onError: (error, timerId) =>
        this.logger.error(`publisher timer ${timerId} failed: ${describeError(error)}`),
    });
  }

  async start(): Promise<void> {
    await this.timers.init();
    if (await this.timers.isEmpty()) await this.rebuildTimers();
    const topic = topicForCategory('post');
    await this.deps.bus.ensureTopics([{ topic }, { topic: deadLetterTopic(topic) }]);
    this.consumer = await consumeSagaEvents(this.deps.bus, {
      consumer: this.options.consumer,
      topics: [topic],
      processed: this.processed,
      clock: this.clock,
      handle: (event) => this.onEvent(event),
      onDeadLettered: (message, error) =>
        this.logger.error(
          `publisher dead-lettered ${message.topic}@${message.offset}: ${describeError(error)}`,
        ),
      onError: (error) => this.logger.error(`publisher consumer: ${describeError(error)}`),
    });
    this.loop.start();
    this.pruneTimer = setInterval(() => {
      void this.processed
        .prune(new Date(this.clock.now().getTime() - KEEP_PROCESSED_MS))
        .catch((error: unknown) =>
          this.logger.warn(`pruning processed events failed: ${describeError(error)}`),
        );
    }, PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    this.logger.log(`publisher saga started (${this.options.instanceId})`);
  }

  /** Stops taking events and timers; attempts already running finish and record their outcome. */
  async stop(): Promise<void> {
    if (this.pruneTimer !== null) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
    await this.consumer?.stop();
    this.consumer = null;
    await this.loop.stop();
  }

  /** Re-derives one post's timer from its stream; resolves its earliest due instant. */
  async refresh(postId: string): Promise<Date | null> {
    const recorded = await this.deps.eventStore.readStream(postStreamId(postId));
    if (recorded.length === 0) return null;
    const payload = dueEntries(postId, recorded, this.options.reconcileAfterMs);
    const dueAt = earliestDue(payload);
    const version = recorded[recorded.length - 1].revision + 1;
    if (await this.timers.set(postId, dueAt, payload, version, this.clock.now())) {
      this.loop.forget(postId);
      this.loop.poke(dueAt);
    }
    return dueAt;
  }

  /** Derives every post's timer from `$all` (an empty timer table: first start, or a lost read store). */
  async rebuildTimers(): Promise<number> {
    const seen = new Set<string>();
    let after = 0;
    for (;;) {
      const page = await this.deps.eventStore.readAll({
        afterPosition: after,
        maxCount: 1000,
        filter: { categories: ['post'] },
      });
      if (page.length === 0) break;
      for (const event of page) {
        const postId = postIdOfStream(event.streamId);
        if (postId !== null) seen.add(postId);
      }
      after = page[page.length - 1].globalPosition;
    }
    for (const postId of seen) await this.refresh(postId);
    return seen.size;
  }

  /** Handles everything due by the saga's clock and waits for it (tests with a manual clock). */
  runDue(): Promise<number> {
    return this.loop.runDue();
  }

  dueTimer(postId: string): Promise<DurableTimer<PostTimerPayload> | null> {
    return this.timers.get(postId);
  }

  circuitStates(): Record<string, CircuitState> {
    return this.gate.circuitStates();
  }

  private async onEvent(event: HeraldCloudEvent): Promise<void> {
    const postId = postIdOfStream(event.subject);
    if (postId === null || IRRELEVANT.has(event.type)) return;
    const current = await this.timers.get(postId);
    // The timer already reflects this event or a later one: no need to read the stream.
    if (current !== null && current.version > event.streamrevision) return;
    await this.refresh(postId);
  }

  private async onTimer(timer: DurableTimer<PostTimerPayload>): Promise<TimerOutcome> {
    const now = this.clock.now().getTime();
    const due = timer.payload.entries.filter((entry) => new Date(entry.dueAt).getTime() <= now);
    const outcomes = await Promise.all(due.map((entry) => this.runEntry(timer.payload, entry)));
    await this.refresh(timer.id);
    const retries = outcomes.flatMap((outcome) => (outcome === 'done' ? [] : [outcome.retryInMs]));
    return retries.length === 0 ? 'done' : { retryInMs: Math.min(...retries) };
  }

  private async runEntry(payload: PostTimerPayload, entry: DueEntry): Promise<EntryOutcome> {
    const target = { postId: payload.postId, tenantId: payload.tenantId, entry };
    const resource = publishLeaseResource(payload.postId, entry.accountId, entry.occurrence);
    try {
      const result = await withLease(
        this.deps.leases,
        resource,
        this.options.instanceId,
        { ttlMs: this.options.leaseTtlMs, clock: this.clock },
        (_lease, signal) =>
          entry.kind === 'publish'
            ? this.publisher.publish(target, signal)
            : this.reconciler.reconcile(target),
      );
      // Another replica owns the target; its outcome events will move the timer on.
      return result.acquired ? result.result : { retryInMs: Math.ceil(this.options.leaseTtlMs / 2) };
    } catch (error) {
      this.logger.error(
        `publisher ${entry.kind} of post ${payload.postId} to ${entry.accountId} failed: ${describeError(error)}`,
      );
      return { retryInMs: this.options.timers.stuckRetryMs };
    }
  }
}
