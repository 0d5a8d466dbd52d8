import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LEASE_MANAGER, PUB_SUB, withLease, type LeaseManager, type PubSub } from '@herald/coordination';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@herald/event-store';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { agentTaskProgressOf, PostStatusTracker } from './event-to-realtime';
import { NotificationLookup } from './notification-lookup';
import { channelOf, toJson, type RealtimeMessage } from './realtime.messages';

/** One relay per deployment: with one per replica every client would get each event once per replica. */
export const REALTIME_RELAY_LEASE = 'api.realtime-relay';
const LEASE_TTL_MS = 10_000;

/**
 * Turns committed events into realtime messages on the pub/sub: subscribes to `$all` from the
 * head (live updates only: a client that needs history queries the projections), under a lease
 * so exactly one replica publishes. Best effort by design: an event that cannot be translated is
 * logged and skipped rather than stopping every subscriber's feed.
 */
@Injectable()
export class RealtimeRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeRelay.name);
  private readonly owner = `api-${randomUUID()}`;
  private readonly shutdown = new AbortController();
  private readonly posts: PostStatusTracker;
  private readonly notifications: NotificationLookup;
  /** Notification lookups wait for a projection: chained apart so they never hold up status updates. */
  private notifying: Promise<void> = Promise.resolve();
  private running: Promise<void> = Promise.resolve();
  private live: { promise: Promise<void>; resolve: () => void };

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(PUB_SUB) private readonly pubSub: PubSub,
    @Inject(LEASE_MANAGER) private readonly leases: LeaseManager,
    catalog: ProjectionCatalog,
  ) {
    this.posts = new PostStatusTracker(eventStore);
    this.notifications = new NotificationLookup(catalog);
    this.live = deferred();
  }

  onApplicationBootstrap(): void {
    this.running = this.holdLeaseAndRelay();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.running;
    await this.notifying;
  }

  /** Resolves once this replica relays live events (tests; a replica without the lease never does). */
  whenLive(): Promise<void> {
    return this.live.promise;
  }

  private async holdLeaseAndRelay(): Promise<void> {
    while (!this.shutdown.signal.aborted) {
      try {
        const outcome = await withLease(
          this.leases,
          REALTIME_RELAY_LEASE,
          this.owner,
          { ttlMs: LEASE_TTL_MS },
          (_lease, lost) => this.relayUntil(lost),
        );
        if (!outcome.acquired) await pause(LEASE_TTL_MS / 2, this.shutdown.signal);
      } catch (error) {
        if (this.shutdown.signal.aborted) return;
        this.logger.warn({ err: error }, 'realtime relay stopped; retrying');
        await pause(1_000, this.shutdown.signal);
      }
    }
  }

  private async relayUntil(lost: AbortSignal): Promise<void> {
    const head = await this.eventStore.headPosition();
    const failed = deferred();
    const subscription = this.eventStore.subscribeToAll({
      afterPosition: head,
      filter: { categories: ['post', 'agentTask', 'socialAccount'] },
      onEvent: (event) => this.relay(event),
      onError: (error) => {
        this.logger.error({ err: error }, 'realtime relay subscription failed');
        failed.resolve();
      },
    });
    this.live.resolve();
    await Promise.race([aborted(lost), aborted(this.shutdown.signal), failed.promise]);
    await subscription.stop();
    if (!this.shutdown.signal.aborted) this.live = deferred();
  }

  private async relay(event: RecordedEvent): Promise<void> {
    try {
      const message = event.streamId.startsWith('post-')
        ? await this.posts.messageFor(event)
        : agentTaskProgressOf(event);
      if (message !== null) await this.publish(message);
    } catch (error) {
      this.logger.warn(
        { err: error, eventId: event.id, type: event.type },
        'realtime relay skipped an event',
      );
    }
    this.notifying = this.notifying.then(() => this.notify(event));
  }

  private async notify(event: RecordedEvent): Promise<void> {
    try {
      for (const message of await this.notifications.raisedBy(event, this.shutdown.signal))
        await this.publish(message);
    } catch (error) {
      this.logger.warn({ err: error, eventId: event.id }, 'realtime notification skipped');
    }
  }

  private publish(message: RealtimeMessage): Promise<void> {
    return this.pubSub.publish(channelOf(message), toJson(message));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted
    ? Promise.resolve()
    : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), aborted(signal)]);
}
