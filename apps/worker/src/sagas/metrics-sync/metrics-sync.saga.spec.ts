import { socialAccountStreamId } from '@herald/accounts';
import { FakePlatformServer, type FakeResponse } from '@herald/platforms';
import { postStreamId, type PostTarget } from '@herald/posts';
import { accountEvents, content, postEvents } from '@herald/projections/support';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import { fakeXRegistry, until, WorkerHarness } from '../../../test/worker-harness';
import { DEFAULT_WORKER_SETTINGS } from '../../worker.settings';
import { METRICS_SCHEDULE_COLLECTION, type MetricsScheduleDocument } from './metrics-schedule';
import { METRICS_RATE_LIMITS, MetricsSyncSaga } from './metrics-sync.saga';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date('2030-06-01T12:00:00.000Z');
const PUBLISHED_AT = new Date(NOW.getTime() - 2 * HOUR).toISOString();

const metricsOf = (id: string, likes: number): FakeResponse => ({
  json: {
    data: {
      id,
      public_metrics: { impression_count: 100, like_count: likes, reply_count: 1, retweet_count: 2 },
    },
  },
});

describe(MetricsSyncSaga.name, () => {
  const clock = new FixedClock(NOW);
  /** Answers per platform post id; the fake X API routes every lookup here. */
  const answers = new Map<string, FakeResponse>();
  let fake: FakePlatformServer;
  let worker: WorkerHarness;
  let sut: MetricsSyncSaga;

  beforeAll(async () => {
    fake = await FakePlatformServer.start();
    worker = await WorkerHarness.boot({
      clock,
      registry: fakeXRegistry(fake, clock),
      settings: {
        metricsSync: {
          ...DEFAULT_WORKER_SETTINGS.metricsSync,
          rateLimits: { ...METRICS_RATE_LIMITS, x: { limit: 2, windowMs: HOUR } },
        },
      },
    });
    sut = worker.get(MetricsSyncSaga);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await fake?.close();
  });

  beforeEach(() => {
    fake.reset();
    fake.on('GET', '/2/tweets/:id', (request) => answers.get(request.params.id) ?? { status: 500, json: {} });
    clock.set(NOW);
  });

  const schedule = () => worker.readStore.collection<MetricsScheduleDocument>(METRICS_SCHEDULE_COLLECTION);

  /** `count` posts published two hours ago on one new X account, each scheduled by the saga. */
  async function publications(
    count: number,
  ): Promise<{ accountId: string; ids: string[]; platformPostIds: string[] }> {
    const organizationId = uuidV7Generator.next();
    const accountId = uuidV7Generator.next();
    await worker.append(
      socialAccountStreamId(accountId),
      [accountEvents.connected(accountId, organizationId, 'x')],
      organizationId,
    );
    const ids: string[] = [];
    const platformPostIds: string[] = [];
    for (let index = 0; index < count; index++) {
      const postId = uuidV7Generator.next();
      const target: PostTarget = { accountId, platform: 'x' };
      const succeeded = postEvents.succeeded(target, 0, 1, PUBLISHED_AT);
      const platformPostId = `${accountId}-${index}`;
      await worker.append(
        postStreamId(postId),
        [
          postEvents.drafted(postId, organizationId, content(`Post ${index}`)),
          postEvents.publishRequested([target], 0, PUBLISHED_AT),
          postEvents.attemptStarted(target, 0, 1, PUBLISHED_AT),
          { ...succeeded, data: { ...succeeded.data, platformPostId } },
        ],
        organizationId,
      );
      ids.push(`${postId}:${accountId}:${platformPostId}`);
      platformPostIds.push(platformPostId);
    }
    await until(
      async () => (await schedule().count({ accountId })) === count,
      'the saga scheduled every publication',
    );
    return { accountId, ids, platformPostIds };
  }

  const outcomesOf = (outcomes: Map<string, string>, ids: readonly string[]) =>
    ids.map((id) => outcomes.get(id));

  it('records what the platform reports and schedules the next reading an hour later (daily after 48 h)', async () => {
    const { ids, platformPostIds } = await publications(1);
    answers.set(platformPostIds[0], metricsOf(platformPostIds[0], 7));

    expect(outcomesOf(await sut.sync(), ids)).toEqual(['recorded']);

    const [postId] = ids[0].split(':');
    const recorded = await worker.events(postStreamId(postId), 'post.metricsRecorded');
    expect(recorded.map((event) => event.data)).toEqual([
      expect.objectContaining({
        metrics: { impressions: 100, reach: 0, likes: 7, comments: 1, shares: 2, saves: 0, clicks: 0 },
        measuredAt: NOW.toISOString(),
      }),
    ]);
    expect(recorded[0].metadata.actor).toEqual({ kind: 'system', id: 'metrics-sync' });
    const entry = await schedule().findOne({ _id: ids[0] });
    expect(entry).toMatchObject({
      measurements: 1,
      lastMeasuredAt: NOW.toISOString(),
      failures: 0,
      done: false,
    });
    const wait = Date.parse(entry?.nextDueAt ?? '') - NOW.getTime();
    expect(wait).toBeGreaterThanOrEqual(HOUR);
    expect(wait).toBeLessThan(HOUR + 6 * MINUTE);
    expect(outcomesOf(await sut.sync(), ids)).toEqual([undefined]);
  });

  it('honours the per-account rate limit: readings beyond it wait for the window instead of calling the platform', async () => {
    const { ids, platformPostIds } = await publications(3);
    for (const id of platformPostIds) answers.set(id, metricsOf(id, 1));

    const outcomes = outcomesOf(await sut.sync(), ids);

    expect(outcomes.filter((outcome) => outcome === 'recorded')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome === 'rate_limited')).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
    const waiting = await schedule().findOne({ _id: ids[outcomes.indexOf('rate_limited')] });
    const wait = Date.parse(waiting?.nextDueAt ?? '') - NOW.getTime();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(HOUR);
    expect(waiting).toMatchObject({ measurements: 0, lastError: 'waiting for the platform rate limit' });
  });

  it("waits out the platform's own 429 and stops calling for that account during the sweep", async () => {
    const { ids, platformPostIds } = await publications(2);
    for (const id of platformPostIds)
      answers.set(id, {
        status: 429,
        headers: { 'retry-after': '120' },
        json: { title: 'Too Many Requests' },
      });

    expect(outcomesOf(await sut.sync(), ids)).toEqual(['rate_limited', 'rate_limited']);

    expect(fake.requests).toHaveLength(1);
    for (const id of ids) {
      expect((await schedule().findOne({ _id: id }))?.nextDueAt).toBe(
        new Date(NOW.getTime() + 2 * MINUTE).toISOString(),
      );
    }
  });

  it('classifies failures: a post gone from the platform ends its schedule, a refused token waits, an outage retries', async () => {
    const gone = await publications(1);
    const refused = await publications(1);
    const down = await publications(1);
    answers.set(gone.platformPostIds[0], { status: 404, json: { detail: 'Could not find tweet' } });
    answers.set(refused.platformPostIds[0], { status: 401, json: { title: 'Unauthorized' } });
    answers.set(down.platformPostIds[0], { status: 503, json: { title: 'Service Unavailable' } });

    const outcomes = await sut.sync();

    expect(outcomesOf(outcomes, [...gone.ids, ...refused.ids, ...down.ids])).toEqual([
      'finished',
      'postponed',
      'postponed',
    ]);
    expect(await schedule().findOne({ _id: gone.ids[0] })).toMatchObject({ done: true, nextDueAt: null });
    expect(await schedule().findOne({ _id: refused.ids[0] })).toMatchObject({
      done: false,
      nextDueAt: new Date(NOW.getTime() + HOUR).toISOString(),
      failures: 0,
    });
    expect(await schedule().findOne({ _id: down.ids[0] })).toMatchObject({
      done: false,
      nextDueAt: new Date(NOW.getTime() + 15 * MINUTE).toISOString(),
      failures: 1,
    });
  });

  it('ends the schedule of a deleted post and of a disconnected account', async () => {
    const deleted = await publications(1);
    const disconnected = await publications(1);
    const [postId] = deleted.ids[0].split(':');
    await worker.append(postStreamId(postId), [postEvents.deleted(NOW.toISOString())], null);
    await worker.append(
      socialAccountStreamId(disconnected.accountId),
      [
        {
          type: 'socialAccount.disconnected',
          schemaVersion: 1,
          data: {
            accountId: disconnected.accountId,
            reason: null,
            disconnectedBy: 'user-1',
            disconnectedAt: NOW.toISOString(),
            credentialSubjectIds: [],
          },
        },
      ],
      null,
    );

    await until(
      async () =>
        (await schedule().count({ _id: { $in: [...deleted.ids, ...disconnected.ids] }, done: true })) === 2,
      'both schedules ended',
    );
    expect(outcomesOf(await sut.sync(), [...deleted.ids, ...disconnected.ids])).toEqual([
      undefined,
      undefined,
    ]);
    expect(fake.requests).toHaveLength(0);
  });
});
