import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AccountsModule, ConnectSocialAccountCommand, type SocialPlatform } from '@herald/accounts';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import { createMemoryCoordination, type LeaseManager, type RateLimiter } from '@herald/coordination';
import {
  AesGcmPersonalDataProtector,
  InMemoryCheckpointStore,
  SqliteEventStore,
  SqliteKeyVault,
  type RecordedEvent,
} from '@herald/event-store';
import { EventRelay, InProcessMessageBus, type MessageBus } from '@herald/messaging';
import {
  FakePlatformServer,
  WebhookConnector,
  XConnector,
  webhookTokens,
  type PlatformConnector,
} from '@herald/platforms';
import {
  DraftPostCommand,
  PostsModule,
  SchedulePostCommand,
  postStreamId,
  type PostEvent,
  type Recurrence,
} from '@herald/posts';
import { EmbeddedReadStore } from '@herald/read-store';
import { type Clock, FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import type { SagaLogger } from '../../support/saga-runtime';
import { PublisherSaga } from '../publisher.saga';
import type { PublisherOptions } from '../publisher.options';
import { foldPost, type PostSnapshot } from '../due-publications';

type EventData<T extends PostEvent['type']> = Extract<PostEvent, { type: T }>['data'];

export const ORG_ID = '0190f3a4-0000-7000-8000-0000000000a1';
export const X_USER_ID = '2244994945';
const MEMBER = { kind: 'user', id: '0190f3a4-0000-7000-8000-0000000000b2' } as const;

const member = (): RequestMetadata => ({
  tenantId: ORG_ID,
  actor: MEMBER,
  correlationId: uuidV7Generator.next(),
  causationId: null,
});

/** Records what the saga logs, so a failing spec shows why. */
export class LogRecorder implements SagaLogger {
  readonly lines: string[] = [];
  log(message: string): void {
    this.lines.push(`log ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
}

export interface SagaOverrides {
  readonly leases?: LeaseManager;
  readonly rateLimiter?: RateLimiter;
  readonly bus?: MessageBus;
  readonly readStore?: EmbeddedReadStore;
  readonly options?: Partial<PublisherOptions>;
  /** Replaces the harness's connectors for some platforms. */
  readonly connectors?: ReadonlyMap<SocialPlatform, PlatformConnector>;
}

/**
 * The publisher on real components: the SQLite event store (tokens encrypted by the key vault),
 * the Kafka relay onto the in-process bus, the embedded read store, memory coordination, the
 * posts and accounts command handlers, and real connectors against a fake platform server.
 */
export class PublisherHarness {
  readonly logs = new LogRecorder();
  private readonly sagas: PublisherSaga[] = [];
  private readonly readStores: EmbeddedReadStore[] = [];
  private readonly coordination;

  private constructor(
    readonly dir: string,
    readonly clock: Clock,
    readonly store: SqliteEventStore,
    private readonly relayStore: SqliteEventStore,
    private readonly vault: SqliteKeyVault,
    private readonly idempotency: SqliteIdempotencyStore,
    readonly bus: InProcessMessageBus,
    private readonly relay: EventRelay,
    readonly readStore: EmbeddedReadStore,
    private readonly app: INestApplicationContext,
    readonly commands: CommandBus,
    readonly platform: FakePlatformServer,
  ) {
    this.coordination = createMemoryCoordination({ clock });
    this.readStores.push(readStore);
  }

  static async start(
    clock: Clock = new FixedClock(new Date('2026-03-10T09:00:00.000Z')),
  ): Promise<PublisherHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'herald-publisher-'));
    const file = join(dir, 'events.sqlite');
    const vault = new SqliteKeyVault({ filename: join(dir, 'keys.sqlite'), masterKey: randomBytes(32) });
    const store = await SqliteEventStore.open({
      path: file,
      protector: new AesGcmPersonalDataProtector(vault),
      synchronous: 'NORMAL',
    });
    // The relay publishes events as stored (tokens stay ciphertext): its store has no protector.
    const relayStore = await SqliteEventStore.open({ path: file, pollIntervalMs: 10, synchronous: 'NORMAL' });
    const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
    const bus = new InProcessMessageBus();
    const relay = new EventRelay({ store: relayStore, bus, checkpoints: new InMemoryCheckpointStore() });
    await relay.start();
    const readStore = EmbeddedReadStore.open({ filename: join(dir, 'read.sqlite') });

    @Module({
      imports: [
        CommandsModule.forRoot({ eventStore: store, clock, ids: uuidV7Generator, idempotency }),
        PostsModule,
        AccountsModule,
      ],
    })
    class PublisherTestRoot {}
    const app = await NestFactory.createApplicationContext(PublisherTestRoot, { logger: false });
    await app.init();
    const platform = await FakePlatformServer.start();
    return new PublisherHarness(
      dir,
      clock,
      store,
      relayStore,
      vault,
      idempotency,
      bus,
      relay,
      readStore,
      app,
      app.get(CommandBus),
      platform,
    );
  }

  get fixedClock(): FixedClock {
    if (!(this.clock instanceof FixedClock)) throw new Error('this harness runs on the system clock');
    return this.clock;
  }

  connectors(): Map<SocialPlatform, PlatformConnector> {
    return new Map<SocialPlatform, PlatformConnector>([
      ['webhook', new WebhookConnector({ clock: this.clock, timeoutMs: 2_000 })],
      [
        'x',
        new XConnector(
          {
            clientId: 'id',
            clientSecret: 'secret',
            apiBaseUrl: this.platform.url,
            authorizeUrl: `${this.platform.url}/authorize`,
          },
          { clock: this.clock, timeoutMs: 2_000 },
        ),
      ],
    ]);
  }

  /** A saga instance (a worker replica); started unless told otherwise. */
  async saga(overrides: SagaOverrides = {}, start = true): Promise<PublisherSaga> {
    const connectors = this.connectors();
    for (const [platform, connector] of overrides.connectors ?? []) connectors.set(platform, connector);
    const saga = new PublisherSaga({
      eventStore: this.store,
      readStore: overrides.readStore ?? this.readStore,
      bus: overrides.bus ?? this.bus,
      commands: this.commands,
      connectors: {
        get: (platform) => {
          const connector = connectors.get(platform);
          if (connector === undefined) throw new Error(`no ${platform} connector in this harness`);
          return connector;
        },
      },
      leases: overrides.leases ?? this.coordination.leases,
      rateLimiter: overrides.rateLimiter ?? this.coordination.rateLimiter,
      clock: this.clock,
      logger: this.logs,
      options: overrides.options,
    });
    this.sagas.push(saga);
    if (start) await saga.start();
    return saga;
  }

  /** Another handle on the same read-store file, as a restarted process would open it. */
  reopenReadStore(): EmbeddedReadStore {
    const store = EmbeddedReadStore.open({ filename: join(this.dir, 'read.sqlite') });
    this.readStores.push(store);
    return store;
  }

  async connectWebhook(path = '/hook'): Promise<string> {
    const tokens = webhookTokens({
      kind: 'generic',
      url: `${this.platform.url}${path}`,
      signingSecret: null,
    });
    const result = await this.commands.execute(
      new ConnectSocialAccountCommand(
        ORG_ID,
        'admin',
        'webhook',
        `hook-${path}`,
        `generic:${path}`,
        null,
        tokens,
        { limit: 50, connectedAccounts: 0 },
        member(),
      ),
    );
    return result.accountId;
  }

  async connectX(): Promise<string> {
    const tokens = {
      accessToken: 'x-access-token',
      refreshToken: 'x-refresh',
      expiresAt: null,
      scopes: ['tweet.write'],
    };
    const result = await this.commands.execute(
      new ConnectSocialAccountCommand(
        ORG_ID,
        'admin',
        'x',
        X_USER_ID,
        'herald',
        null,
        tokens,
        { limit: 50, connectedAccounts: 0 },
        member(),
      ),
    );
    return result.accountId;
  }

  async schedulePost(input: {
    readonly at: Date;
    readonly targets: readonly { readonly accountId: string; readonly platform: SocialPlatform }[];
    readonly text?: string;
    readonly recurrence?: Recurrence | null;
  }): Promise<string> {
    const content = {
      text: input.text ?? `Launch day ${uuidV7Generator.next()}`,
      title: null,
      media: [],
      hashtags: [],
      mentions: [],
      links: [],
    };
    const { postId } = await this.commands.execute(
      new DraftPostCommand(ORG_ID, 'editor', content, {}, member()),
    );
    const targets = input.targets.map((t) => ({
      ...t,
      accountStatus: 'active' as const,
      dailyCap: 10,
      scheduledThatDay: 0,
    }));
    await this.commands.execute(
      new SchedulePostCommand(
        postId,
        'editor',
        input.at.toISOString(),
        'UTC',
        input.recurrence ?? null,
        targets,
        false,
        { limit: 100, scheduledPosts: 0 },
        member(),
      ),
    );
    return postId;
  }

  async events(postId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(postStreamId(postId));
  }

  async eventsOf<T extends PostEvent['type']>(postId: string, type: T): Promise<EventData<T>[]> {
    const events = await this.events(postId);
    return events.filter((e) => e.type === type).map((e) => e.data as EventData<T>);
  }

  async post(postId: string): Promise<PostSnapshot> {
    return foldPost(await this.events(postId));
  }

  /** Waits until the saga's durable timer reflects the post's whole stream (events travel by bus). */
  async untilTimerCurrent(saga: PublisherSaga, postId: string): Promise<void> {
    await until(async () => {
      const events = await this.events(postId);
      const timer = await saga.dueTimer(postId);
      return timer !== null && timer.version === events.length;
    }, `the timer of post ${postId} to catch up`);
  }

  async close(): Promise<void> {
    for (const saga of this.sagas) await saga.stop();
    await this.relay.stop();
    await this.bus.close();
    await this.app.close();
    await this.platform.close();
    for (const store of this.readStores) await store.close();
    await this.idempotency.close();
    await this.relayStore.close();
    await this.store.close();
    await this.vault.close();
    await this.coordination.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `condition` until it holds; fails naming what it waited for. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
