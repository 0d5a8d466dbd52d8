import { randomBytes } from 'node:crypto';
import { FakePlatformServer } from '@herald/platforms';
import { postStreamId, type PostTarget } from '@herald/posts';
import { socialAccountStreamId } from '@herald/accounts';
import { accountEvents, content, postEvents } from '@herald/projections/support';
import { FixedClock, uuidV7Generator, type Environment } from '@herald/shared-kernel';
import { fakeXRegistry, until, WorkerHarness, type WorkerHarnessOptions } from '../test/worker-harness';
import { PROCESSED_EVENTS_COLLECTION } from './infrastructure/messaging/processed-events';
import {
  METRICS_SCHEDULE_COLLECTION,
  type MetricsScheduleDocument,
} from './sagas/metrics-sync/metrics-schedule';
import { MetricsSyncSaga } from './sagas/metrics-sync/metrics-sync.saga';
import { WorkerModule } from './worker.module';

const PUBLISHED_AT = '2030-05-01T10:00:00.000Z';

/** One published post on an X account, appended as the deciders would have written it. */
async function publishedPost(sut: WorkerHarness) {
  const organizationId = uuidV7Generator.next();
  const accountId = uuidV7Generator.next();
  const postId = uuidV7Generator.next();
  const target: PostTarget = { accountId, platform: 'x' };
  await sut.append(
    socialAccountStreamId(accountId),
    [accountEvents.connected(accountId, organizationId, 'x', { tokenExpiresAt: '2031-01-01T00:00:00.000Z' })],
    organizationId,
  );
  await sut.append(
    postStreamId(postId),
    [
      postEvents.drafted(postId, organizationId, content('Spring launch')),
      postEvents.publishRequested([target], 0, PUBLISHED_AT),
      postEvents.attemptStarted(target, 0, 1, PUBLISHED_AT),
      postEvents.succeeded(target, 0, 1, PUBLISHED_AT),
      postEvents.completed(0, [accountId], [], PUBLISHED_AT),
    ],
    organizationId,
  );
  return { organizationId, accountId, postId, platformPostId: `pp-${accountId}-0` };
}

/**
 * The whole chain on one configuration: an appended event reaches the read models (projection
 * host), the bus (relay) and a saga (metrics sync), which calls the platform and records metrics.
 */
function describeChain(
  mode: string,
  env: () => Environment,
  extra: () => { coordinationKeyPrefix?: string; topicsPrefix?: string },
  /** Coordination shared between replicas (Redis): the lease split can be shown across two of them. */
  shared = false,
) {
  describe(`${WorkerModule.name} (${mode})`, () => {
    let sut: WorkerHarness;
    let fake: FakePlatformServer;
    let options: WorkerHarnessOptions;
    const clock = new FixedClock(new Date(PUBLISHED_AT));

    beforeAll(async () => {
      fake = await FakePlatformServer.start();
      const { coordinationKeyPrefix, topicsPrefix } = extra();
      options = {
        clock,
        env: env(),
        registry: fakeXRegistry(fake, clock),
        coordinationKeyPrefix,
        settings:
          topicsPrefix === undefined
            ? {}
            : {
                consumerGroupPrefix: `${topicsPrefix}.saga`,
                leasePrefix: `${topicsPrefix}:`,
                // Every category some saga consumes needs its own per-run topic on the shared broker.
                topics: {
                  post: `${topicsPrefix}.posts.v1`,
                  socialAccount: `${topicsPrefix}.accounts.v1`,
                  agentTask: `${topicsPrefix}.agent-tasks.v1`,
                  user: `${topicsPrefix}.identity.v1`,
                },
              },
      };
      sut = await WorkerHarness.boot(options);
    }, 120_000);

    afterAll(async () => {
      await sut?.close();
      await fake?.close();
    });

    it('runs every projection here, relays the log to the bus, and the metrics saga records what the platform reports', async () => {
      const { postId, accountId, platformPostId } = await publishedPost(sut);

      await sut.projections.whenCaughtUp('posts', { timeoutMs: 30_000 });
      const post = await (await sut.catalog.open('posts', 'posts')).findOne({ _id: postId });
      expect(post).toMatchObject({ status: 'published', publications: [{ accountId, platformPostId }] });
      expect(sut.projections.owned().sort()).toEqual(sut.projections.names.sort());

      const schedule = sut.readStore.collection<MetricsScheduleDocument>(METRICS_SCHEDULE_COLLECTION);
      await until(
        async () => (await schedule.count({ postId })) === 1,
        'the metrics saga consumed the publication',
      );
      expect(sut.relay.status()).toMatchObject({ running: true });
      expect(sut.relay.status()?.published).toBeGreaterThanOrEqual(6);
      const entry = await schedule.findOne({ postId });
      expect(entry).toMatchObject({ accountId, platformPostId, done: false, measurements: 0 });
      // First reading an hour after publication, staggered within the first tenth of that hour.
      const firstDue = Date.parse(entry?.nextDueAt ?? '');
      expect(firstDue - Date.parse(PUBLISHED_AT)).toBeGreaterThanOrEqual(3_600_000);
      expect(firstDue - Date.parse(PUBLISHED_AT)).toBeLessThan(3_600_000 + 360_000);

      fake.on('GET', '/2/tweets/:id', {
        json: {
          data: {
            id: platformPostId,
            public_metrics: {
              impression_count: 1200,
              like_count: 50,
              reply_count: 4,
              retweet_count: 3,
              quote_count: 2,
              bookmark_count: 6,
            },
          },
        },
      });
      const saga = sut.get<MetricsSyncSaga>(MetricsSyncSaga);
      expect([...(await saga.sync()).values()]).toEqual([]);
      clock.set(new Date(firstDue));
      expect(await saga.sync()).toEqual(new Map([[entry?._id, 'recorded']]));

      const recorded = await sut.events(postStreamId(postId), 'post.metricsRecorded');
      expect(recorded.map((event) => event.data)).toEqual([
        {
          accountId,
          platformPostId,
          metrics: { impressions: 1200, reach: 0, likes: 50, comments: 4, shares: 5, saves: 6, clicks: 0 },
          measuredAt: new Date(firstDue).toISOString(),
        },
      ]);
      expect(fake.requestsTo('GET', `/2/tweets/${platformPostId}`)).toHaveLength(1);
      expect(fake.requests[0].headers.authorization).toBe('Bearer access-secret');
      expect(
        await sut.readStore.collection(PROCESSED_EVENTS_COLLECTION).count({ consumer: 'metrics-sync' }),
      ).toBeGreaterThanOrEqual(1);
    });

    if (shared) {
      it('splits the projections and the relay between replicas, never one on two, and fails over when one stops', async () => {
        const first = sut;
        const second = await WorkerHarness.boot({ ...options, dataDir: first.dataDir, removeDataDir: true });
        try {
          await until(
            () =>
              first.projections.owned().length + second.projections.owned().length ===
              first.projections.names.length,
            'every projection has an owner',
          );
          const ownedByFirst = first.projections.owned();
          expect(second.projections.owned().filter((name) => ownedByFirst.includes(name))).toEqual([]);
          expect(
            [first.relay.status(), second.relay.status()].filter((status) => status !== null),
          ).toHaveLength(1);

          // The first replica leaves (its leases released); afterAll closes the second one.
          sut = second;
          await first.close({ keepData: true });
          await until(
            () =>
              second.projections.owned().length === second.projections.names.length &&
              second.relay.status() !== null,
            'the remaining replica took everything over',
          );
        } finally {
          if (sut !== second) await second.close();
        }
      });
    }
  });
}

describeChain(
  'embedded: SQLite stores, in-process bus, memory coordination',
  () => ({}),
  () => ({}),
);

const production = ['KAFKA_BROKERS', 'REDIS_URL', 'MONGODB_URL'] as const;
const missing = production.filter((variable) => !process.env[variable]);
if (missing.length === 0) {
  const run = uuidV7Generator.next().replace(/-/g, '').slice(-12);
  describeChain(
    'production wiring: Kafka, Redis, MongoDB wire protocol',
    () => ({
      HERALD_MODE: 'production',
      EVENT_STORE: 'sqlite',
      VECTOR_MEMORY: 'memory',
      HERALD_MASTER_KEY: randomBytes(32).toString('base64'),
      JWT_SECRET: randomBytes(48).toString('base64'),
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      REDIS_URL: process.env.REDIS_URL,
      MONGODB_URL: mongoUrlWithDatabase(process.env.MONGODB_URL ?? '', `herald_worker_${run}`),
    }),
    () => ({ coordinationKeyPrefix: `herald-spec-${run}:`, topicsPrefix: `herald-spec-${run}` }),
    true,
  );
} else {
  const text = `\n*** ${WorkerModule.name} production wiring NOT RUN: set ${missing.join(', ')} (scripts/servers/{kafka,redis,ferretdb}.sh start print them).\n`;
  process.stderr.write(text);
  console.warn(text);
}

function mongoUrlWithDatabase(url: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/]+)\/?([^?]*)(\?.*)?$/.exec(url);
  if (match === null) return url;
  return `${match[1]}/${database}${match[3] ?? ''}`;
}
