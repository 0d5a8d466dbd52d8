// A worker process that runs only the publisher saga, for the kill -9 fault spec:
//   node -r ./scripts/swc-register.cjs publisher-process.ts   (configuration in HERALD_FAULT_CONFIG)
// Everything durable lives in files under `dir`, so a second process started on the same folder
// is the same worker restarted; leases, the bus and the relay checkpoint are in memory and die
// with the process, as a crashed replica's would (its leases expiring is the same as losing them).
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AccountsModule, ConnectSocialAccountCommand, type SocialPlatform } from '@herald/accounts';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import { createMemoryCoordination } from '@herald/coordination';
import {
  AesGcmPersonalDataProtector,
  InMemoryCheckpointStore,
  SqliteEventStore,
  SqliteKeyVault,
} from '@herald/event-store';
import { EventRelay, InProcessMessageBus } from '@herald/messaging';
import { WebhookConnector, XConnector, webhookTokens, type PlatformConnector } from '@herald/platforms';
import { DraftPostCommand, PostsModule, SchedulePostCommand } from '@herald/posts';
import { EmbeddedReadStore } from '@herald/read-store';
import { systemClock, uuidV7Generator } from '@herald/shared-kernel';
import { PublisherSaga } from '../../publisher.saga';
import { FAULT_X_USER_ID, ORG_ID, type PublisherProcessConfig } from './publisher-process.config';

const MEMBER = { kind: 'user', id: '0190f3a4-0000-7000-8000-0000000000c2' } as const;
const member = (): RequestMetadata => ({
  tenantId: ORG_ID,
  actor: MEMBER,
  correlationId: uuidV7Generator.next(),
  causationId: null,
});

function say(line: string, data: unknown = {}): void {
  process.stdout.write(`${line} ${JSON.stringify(data)}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.HERALD_FAULT_CONFIG ?? 'null') as PublisherProcessConfig;
  const file = join(config.dir, 'events.sqlite');
  const vault = new SqliteKeyVault({
    filename: join(config.dir, 'keys.sqlite'),
    masterKey: Buffer.from(config.masterKeyHex, 'hex'),
  });
  const store = await SqliteEventStore.open({ path: file, protector: new AesGcmPersonalDataProtector(vault) });
  const relayStore = await SqliteEventStore.open({ path: file, pollIntervalMs: 10 });
  const idempotency = SqliteIdempotencyStore.open({ path: join(config.dir, 'idempotency.sqlite') });
  const bus = new InProcessMessageBus();
  const relay = new EventRelay({ store: relayStore, bus, checkpoints: new InMemoryCheckpointStore() });
  await relay.start();
  const readStore = EmbeddedReadStore.open({ filename: join(config.dir, 'read.sqlite') });

  @Module({
    imports: [
      CommandsModule.forRoot({ eventStore: store, clock: systemClock, ids: uuidV7Generator, idempotency }),
      PostsModule,
      AccountsModule,
    ],
  })
  class PublisherProcessRoot {}
  const app = await NestFactory.createApplicationContext(PublisherProcessRoot, { logger: false });
  await app.init();
  const commands = app.get(CommandBus);

  // Long timeouts: the receiver holds the request until the process is killed.
  const connectors = new Map<SocialPlatform, PlatformConnector>([
    ['webhook', new WebhookConnector({ timeoutMs: 120_000 })],
    [
      'x',
      new XConnector(
        { clientId: 'id', clientSecret: 'secret', apiBaseUrl: config.xBaseUrl, authorizeUrl: `${config.xBaseUrl}/authorize` },
        { timeoutMs: 120_000 },
      ),
    ],
  ]);
  const coordination = createMemoryCoordination({ clock: systemClock });
  const saga = new PublisherSaga({
    eventStore: store,
    readStore,
    bus,
    commands,
    connectors: {
      get: (platform) => {
        const connector = connectors.get(platform);
        if (connector === undefined) throw new Error(`no ${platform} connector`);
        return connector;
      },
    },
    leases: coordination.leases,
    rateLimiter: coordination.rateLimiter,
    logger: {
      log: (message) => say('LOG', message),
      warn: (message) => say('WARN', message),
      error: (message) => say('ERROR', message),
    },
    options: { reconcileAfterMs: config.reconcileAfterMs, reconcileRetryMs: 200 },
  });
  await saga.start();

  if (config.schedule !== null) {
    const targets: { accountId: string; platform: SocialPlatform }[] = [];
    for (const [index, platform] of config.schedule.targets.entries()) {
      const tokens =
        platform === 'webhook'
          ? webhookTokens({ kind: 'generic', url: `${config.webhookBaseUrl}/hook/${index}`, signingSecret: null })
          : { accessToken: 'x-access-token', refreshToken: 'x-refresh', expiresAt: null, scopes: ['tweet.write'] };
      const { accountId } = await commands.execute(
        new ConnectSocialAccountCommand(
          ORG_ID,
          'admin',
          platform,
          platform === 'x' ? FAULT_X_USER_ID : `hook-${index}`,
          platform === 'x' ? 'herald' : `generic:/hook/${index}`,
          null,
          tokens,
          { limit: 50, connectedAccounts: 0 },
          member(),
        ),
      );
      targets.push({ accountId, platform });
    }
    const content = { text: config.schedule.text, title: null, media: [], hashtags: [], mentions: [], links: [] };
    const { postId } = await commands.execute(new DraftPostCommand(ORG_ID, 'editor', content, {}, member()));
    await commands.execute(
      new SchedulePostCommand(
        postId,
        'editor',
        new Date(Date.now() + config.schedule.inMs).toISOString(),
        'UTC',
        null,
        targets.map((t) => ({ ...t, accountStatus: 'active' as const, dailyCap: 10, scheduledThatDay: 0 })),
        false,
        { limit: 100, scheduledPosts: 0 },
        member(),
      ),
    );
    say('SCHEDULED', { postId, targets });
  }
  say('READY');
  // A worker lives until it is stopped (or killed); nothing else here needs to hold the process.
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  say('FATAL', error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error));
  process.exit(1);
});
