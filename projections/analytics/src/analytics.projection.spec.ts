import type { PostTarget } from '@herald/posts';
import {
  accountEvents,
  content,
  organizationEvents,
  postEvents,
  ProjectionTestBed,
} from '@herald/projections/support';
import { analyticsProjection } from './analytics.projection';
import { analyticsQueries, type AnalyticsQueries } from './analytics.queries';
import { overviewCsv, postCsv, topPostsCsv } from './analytics-export';
import { metricsRecorded, replayFromStart } from './testing/analytics-fixtures';

const ORG = 'org-paris';
const OTHER_ORG = 'org-other';
const instagram: PostTarget = { accountId: 'acc-ig', platform: 'instagram' };
const x: PostTarget = { accountId: 'acc-x', platform: 'x' };
const linkedin: PostTarget = { accountId: 'acc-li', platform: 'linkedin' };
const pp = (target: PostTarget, occurrence = 0) => `pp-${target.accountId}-${occurrence}`;

// Paris leaves CET (+1) for CEST (+2) at 2030-03-31T01:00Z.
const m1 = { impressions: 100, reach: 80, likes: 5, comments: 1, shares: 0, saves: 1, clicks: 3 };
const m2 = { impressions: 300, reach: 200, likes: 15, comments: 3, shares: 2, saves: 2, clicks: 8 };
const stale = { impressions: 250, reach: 190, likes: 12, comments: 2, shares: 1, saves: 2, clicks: 5 };
const m4 = { impressions: 400, reach: 260, likes: 14, comments: 4, shares: 2, saves: 2, clicks: 10 };
const n1 = { impressions: 1000, reach: 900, likes: 20, comments: 5, shares: 10, saves: 0, clicks: 15 };
const q1 = { impressions: 200, reach: 150, likes: 20, comments: 6, shares: 2, saves: 4, clicks: 8 };

async function seed(bed: ProjectionTestBed): Promise<void> {
  const tenant = (organizationId: string) => ({ tenantId: organizationId });
  await bed.append(
    `organization-${ORG}`,
    [organizationEvents.created(ORG, { timeZone: 'Europe/Paris' })],
    tenant(ORG),
  );
  await bed.append(`organization-${OTHER_ORG}`, [organizationEvents.created(OTHER_ORG)], tenant(OTHER_ORG));
  await bed.append(
    'socialAccount-acc-ig',
    [accountEvents.connected('acc-ig', ORG, 'instagram')],
    tenant(ORG),
  );
  await bed.append('socialAccount-acc-x', [accountEvents.connected('acc-x', ORG, 'x')], tenant(ORG));
  await bed.append(
    'socialAccount-acc-li',
    [accountEvents.connected('acc-li', OTHER_ORG, 'linkedin')],
    tenant(OTHER_ORG),
  );
  await bed.append(
    'post-p1',
    [
      postEvents.drafted('p1', ORG, content('Spring launch')),
      postEvents.publishRequested([instagram, x], 0, '2030-03-30T07:59:00.000Z'),
      postEvents.succeeded(instagram, 0, 1, '2030-03-30T08:00:00.000Z'),
      postEvents.succeeded(x, 0, 1, '2030-03-30T08:00:05.000Z'),
      metricsRecorded('acc-ig', pp(instagram), '2030-03-30T22:30:00.000Z', m1),
      metricsRecorded('acc-ig', pp(instagram), '2030-03-30T23:10:00.000Z', m2),
      metricsRecorded('acc-ig', pp(instagram), '2030-03-30T23:00:00.000Z', stale),
      metricsRecorded('acc-ig', pp(instagram), '2030-03-31T12:00:00.000Z', m4),
      metricsRecorded('acc-x', pp(x), '2030-03-31T12:00:00.000Z', n1),
    ],
    tenant(ORG),
  );
  await bed.append(
    'post-p2',
    [
      postEvents.drafted('p2', ORG, content('=HYPERLINK("http://evil.example","Tips, tricks")')),
      postEvents.succeeded(instagram, 0, 1, '2030-04-01T16:30:00.000Z'),
      metricsRecorded('acc-ig', pp(instagram), '2030-04-01T20:00:00.000Z', q1),
    ],
    tenant(ORG),
  );
  await bed.append(
    'post-p3',
    [
      postEvents.drafted('p3', OTHER_ORG, content('Elsewhere')),
      postEvents.succeeded(linkedin, 0, 1, '2030-03-31T09:00:00.000Z'),
      metricsRecorded('acc-li', pp(linkedin), '2030-03-31T10:00:00.000Z', n1),
    ],
    tenant(OTHER_ORG),
  );
}

describe('analyticsProjection', () => {
  let bed: ProjectionTestBed;
  let sut: AnalyticsQueries;
  let handled: number;
  const counting: typeof analyticsProjection = {
    ...analyticsProjection,
    handle: (event, context) => {
      handled += 1;
      return analyticsProjection.handle(event, context);
    },
  };

  beforeEach(async () => {
    handled = 0;
    bed = await ProjectionTestBed.open([counting]);
    await bed.start();
    await seed(bed);
    await bed.caughtUp();
    sut = analyticsQueries(bed.readStore, bed.catalog);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('turns cumulative snapshots into deltas summed per local day of the organization, ignoring stale snapshots', async () => {
    const overview = await sut.overview({ organizationId: ORG, from: '2030-03-30', to: '2030-03-31' });

    expect(overview.timeZone).toBe('Europe/Paris');
    // m2 (23:10Z) is already 31 March in Paris: the 30th only has m1.
    expect(overview.daily).toEqual([
      { date: '2030-03-30', metrics: m1, engagementRate: 10 / 100 },
      {
        date: '2030-03-31',
        metrics: { impressions: 1300, reach: 1080, likes: 29, comments: 8, shares: 12, saves: 1, clicks: 22 },
        engagementRate: 72 / 1300,
      },
    ]);
    // The period's sum equals the latest snapshots: nothing counted twice, the stale one not at all.
    expect(overview.metrics).toEqual({
      impressions: 1400,
      reach: 1160,
      likes: 34,
      comments: 9,
      shares: 12,
      saves: 2,
      clicks: 25,
    });
    expect(overview.engagementRate).toBeCloseTo(82 / 1400, 12);
    expect(overview.postsPublished).toBe(1);
    expect(overview.publications).toBe(2);
    expect(overview.byPlatform.map((row) => [row.platform, row.metrics.impressions])).toEqual([
      ['instagram', 400],
      ['x', 1000],
    ]);
    expect(overview.byAccount.map((row) => [row.accountId, row.handle, row.metrics.likes])).toEqual([
      ['acc-ig', '@instagram-brand', 14],
      ['acc-x', '@x-brand', 20],
    ]);
  });

  it('cuts days in the current time zone, so a zone change needs no rebuild', async () => {
    await bed.append(
      `organization-${ORG}`,
      [
        organizationEvents.settingsUpdated(
          ORG,
          { timeZone: 'UTC', dataRetentionDays: 365, requiresApproval: false, dailyCaps: {} },
          ['timeZone'],
        ),
      ],
      { tenantId: ORG },
    );
    await bed.caughtUp();
    const overview = await sut.overview({ organizationId: ORG, from: '2030-03-30', to: '2030-03-31' });

    expect(overview.daily.map((day) => [day.date, day.metrics.impressions])).toEqual([
      ['2030-03-30', 300],
      ['2030-03-31', 1100],
    ]);
  });

  it('serves per-account days with every day present, and audience reach accumulated over them', async () => {
    const daily = await sut.accountDaily({
      organizationId: ORG,
      from: '2030-03-30',
      to: '2030-04-01',
      accountIds: ['acc-ig'],
    });

    expect(daily.accounts).toHaveLength(1);
    expect(daily.accounts[0].days.map((day) => [day.date, day.metrics.impressions])).toEqual([
      ['2030-03-30', 100],
      ['2030-03-31', 300],
      ['2030-04-01', 200],
    ]);
    const audience = await sut.audienceGrowth({ organizationId: ORG, from: '2030-03-30', to: '2030-04-01' });
    expect(
      audience.accounts.map((account) => [
        account.accountId,
        account.followers,
        account.days.at(-1)?.cumulativeReach,
      ]),
    ).toEqual([
      ['acc-ig', null, 410],
      ['acc-x', null, 900],
    ]);
  });

  it('reports a post per publication, with its history of snapshots', async () => {
    const post = await sut.post({ organizationId: ORG, postId: 'p1' });

    expect(post.metrics).toEqual({
      impressions: 1400,
      reach: 1160,
      likes: 34,
      comments: 9,
      shares: 12,
      saves: 2,
      clicks: 25,
    });
    expect(post.firstPublishedAt).toBe('2030-03-30T08:00:00.000Z');
    expect(
      post.publications.map((publication) => [
        publication.platform,
        publication.metrics,
        publication.measuredAt,
      ]),
    ).toEqual([
      ['instagram', m4, '2030-03-31T12:00:00.000Z'],
      ['x', n1, '2030-03-31T12:00:00.000Z'],
    ]);
    const history = await sut.postHistory({ organizationId: ORG, postId: 'p1' });
    expect(history[0].points.map((point) => point.metrics.impressions)).toEqual([100, 300, 400]);
    expect(history[1].points.map((point) => point.metrics.impressions)).toEqual([1000]);
  });

  it('never shows another organization its posts or numbers', async () => {
    await expect(sut.post({ organizationId: ORG, postId: 'p3' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const other = await sut.overview({ organizationId: OTHER_ORG, from: '2030-03-31', to: '2030-03-31' });
    expect(other.metrics.impressions).toBe(1000);
    expect(other.byAccount.map((row) => row.accountId)).toEqual(['acc-li']);
    await expect(
      sut.overview({ organizationId: '', from: '2030-03-31', to: '2030-03-31' }),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });

  it('ranks top posts of a period by engagement rate or by a metric', async () => {
    const byRate = await sut.topPosts({ organizationId: ORG, from: '2030-03-01', to: '2030-04-30' });
    expect(byRate.posts.map((post) => [post.rank, post.postId])).toEqual([
      [1, 'p2'],
      [2, 'p1'],
    ]);
    expect(byRate.posts[0].engagementRate).toBeCloseTo(40 / 200, 12);
    const byImpressions = await sut.topPosts({
      organizationId: ORG,
      from: '2030-03-01',
      to: '2030-04-30',
      by: 'impressions',
      limit: 1,
    });
    expect(byImpressions.posts.map((post) => post.postId)).toEqual(['p1']);
    const onX = await sut.topPosts({
      organizationId: ORG,
      from: '2030-03-01',
      to: '2030-04-30',
      platform: 'x',
    });
    expect(onX.posts.map((post) => post.postId)).toEqual(['p1']);
    const april = await sut.topPosts({
      organizationId: ORG,
      from: '2030-04-01',
      to: '2030-04-30',
      minImpressions: 500,
    });
    expect(april.posts).toEqual([]);
  });

  it('builds the best-time heatmap on the wall clock of the organization, across the DST change', async () => {
    const heatmap = await sut.bestTimeToPost({
      organizationId: ORG,
      from: '2030-03-01',
      to: '2030-04-30',
      minSamples: 1,
    });

    expect(heatmap.cells).toHaveLength(168);
    const filled = heatmap.cells.filter((cell) => cell.samples > 0);
    // Saturday 09:00 CET (08:00Z) holds both p1 publications; Monday 18:30 CEST (16:30Z) holds p2.
    expect(filled.map((cell) => [cell.weekday, cell.hour, cell.samples])).toEqual([
      [1, 18, 1],
      [6, 9, 2],
    ]);
    expect(filled[1].averageEngagementRate).toBeCloseTo((32 / 400 + 50 / 1000) / 2, 12);
    expect(heatmap.best.map((cell) => [cell.weekday, cell.hour])).toEqual([
      [1, 18],
      [6, 9],
    ]);
    const strict = await sut.bestTimeToPost({ organizationId: ORG, from: '2030-03-01', to: '2030-04-30' });
    expect(strict.best).toEqual([]);
  });

  it('exports CSV that a spreadsheet cannot execute', async () => {
    const csv = overviewCsv(
      await sut.overview({ organizationId: ORG, from: '2030-03-30', to: '2030-03-31' }),
    );
    expect(csv.split('\r\n')).toEqual([
      'date,impressions,reach,likes,comments,shares,saves,clicks,engagement_rate',
      '2030-03-30,100,80,5,1,0,1,3,0.1',
      `2030-03-31,1300,1080,29,8,12,1,22,${72 / 1300}`,
      '',
    ]);
    const top = topPostsCsv(
      await sut.topPosts({ organizationId: ORG, from: '2030-03-01', to: '2030-04-30' }),
    );
    expect(top.split('\r\n')[1]).toBe(
      `1,p2,"'=HYPERLINK(""http://evil.example"",""Tips, tricks"")",2030-04-01T16:30:00.000Z,instagram,200,150,20,6,2,4,8,0.2`,
    );
    expect(postCsv(await sut.post({ organizationId: ORG, postId: 'p1' })).split('\r\n')).toHaveLength(4);
  });

  it('reaches identical documents when the log is applied again, after a restart and in a rebuild', async () => {
    const first = await bed.snapshot();
    expect(first['analytics.snapshots']).toHaveLength(7);

    const once = handled;
    await replayFromStart(bed, analyticsProjection);
    expect(handled).toBe(2 * once);
    expect(await bed.snapshot()).toEqual(first);

    await bed.append(
      'post-p2',
      [metricsRecorded('acc-ig', pp(instagram), '2030-04-02T08:00:00.000Z', { ...q1, likes: 30 })],
      { tenantId: ORG },
    );
    await bed.restart();
    const afterRestart = await bed.snapshot();
    const post = await sut.post({ organizationId: ORG, postId: 'p2' });
    expect(post.metrics.likes).toBe(30);

    await bed.rebuild(analyticsProjection.name);
    const strip = (snapshot: typeof first) =>
      JSON.stringify(
        Object.values(snapshot).map((documents) => documents.map(({ _position: _, ...rest }) => rest)),
      );
    expect(strip(await bed.snapshot())).toEqual(strip(afterRestart));
    expect(
      (await sut.overview({ organizationId: ORG, from: '2030-03-30', to: '2030-04-02' })).metrics.likes,
    ).toBe(14 + 20 + 30);
  });
});
