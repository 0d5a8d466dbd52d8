import { type AgentsHarness, dataOf, ORG, startAgents } from '../../test/agents-harness';
import { type FakeOpenAi, startFakeOpenAi } from '../../test/fake-openai-server';
import type { BestTimeSource, BestTimes } from '../stats/best-time.port';
import type { PerformancePeriod, PerformanceSource } from '../stats/performance.port';

const heatmap = (best: BestTimes['best']): BestTimeSource => ({
  bestTimes: async () => ({ timeZone: 'America/New_York', minSamples: 3, best }),
});

const day = (date: string, impressions: number, likes: number) => ({
  date,
  metrics: { impressions, likes, comments: 0, shares: 0, saves: 0 },
  engagementRate: impressions === 0 ? null : likes / impressions,
});
const DAILY: PerformancePeriod = {
  timeZone: 'Europe/Paris',
  days: [
    ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d, i) =>
      day(`2026-03-${d}`, 1000 + (i % 3) * 40, 30 + (i % 2) * 3),
    ),
    day('2026-03-09', 9000, 35),
  ],
  byPlatform: [],
};
const performance: PerformanceSource = { daily: async () => DAILY };

const MENTIONS = [
  {
    id: 'm1',
    text: 'This is a scam, my card was charged twice!!',
    at: '2026-03-10T06:00:00.000Z',
    authorId: 'contact-1',
    reach: 200,
  },
  { id: 'm2', text: 'Terrible service, never again', at: '2026-03-10T07:30:00.000Z', authorId: 'contact-2' },
  {
    id: 'm3',
    text: 'Worst experience, the app is broken and support ignored me',
    at: '2026-03-10T08:40:00.000Z',
    authorId: 'contact-3',
  },
  {
    id: 'm4',
    text: 'Data breach? My account was hacked after your update',
    at: '2026-03-10T08:50:00.000Z',
    authorId: 'contact-4',
    reach: 25_000,
  },
  { id: 'm5', text: 'Love the new colours though', at: '2026-03-10T08:55:00.000Z', authorId: 'contact-5' },
];

describe('statistical agents without a model', () => {
  let sut: AgentsHarness;
  afterEach(async () => sut.close());

  const run = async (kind: string, input: Record<string, unknown>) => {
    const requested = await sut.request(kind, input);
    const outcome = await sut.runner.handle(requested);
    return { outcome, events: await sut.events(dataOf<{ taskId: string }>(requested).taskId) };
  };

  it("smart scheduler: the next slots of the organization's best cells, zero tokens", async () => {
    sut = await startAgents({
      bestTime: heatmap([{ weekday: 3, hour: 12, samples: 5, averageEngagementRate: 0.07 }]),
    });
    const { outcome, events } = await run('smart_scheduler', { platform: 'linkedin', count: 2 });
    // Tuesday 2026-03-10 09:00Z is 05:00 in New York (EDT since March 8): next Wednesday noon is 16:00Z.
    expect(outcome).toMatchObject({
      status: 'completed',
      result: {
        timeZone: 'America/New_York',
        slots: [{ at: '2026-03-11T16:00:00.000Z', local: 'Wed 12:00', samples: 5 }],
        note: null,
      },
    });
    expect(dataOf(events.at(-1)!)).toMatchObject({
      model: 'none',
      tokensIn: 0,
      tokensOut: 0,
      costUsdMicros: 0,
    });
  });

  it('smart scheduler: says there is not enough data instead of inventing times', async () => {
    sut = await startAgents({ bestTime: heatmap([]) });
    const { outcome } = await run('smart_scheduler', {});
    expect(outcome).toMatchObject({
      status: 'completed',
      result: { slots: [], note: expect.stringMatching(/^Not enough measured posts/) },
    });
  });

  it("trend analyzer: rising hashtags and topic hashtags from the organization's own history", async () => {
    sut = await startAgents();
    await sut.memory.remember(ORG, 'content_history', [
      {
        id: 'a',
        text: 'Picnic kits in the park',
        subjectId: null,
        recordedAt: '2026-03-05T10:00:00.000Z',
        attributes: { hashtags: 'picnic spring', engagementRate: 0.08 },
      },
      {
        id: 'b',
        text: 'Picnic recipes for Sunday',
        subjectId: null,
        recordedAt: '2026-03-08T10:00:00.000Z',
        attributes: { hashtags: 'picnic', engagementRate: 0.06 },
      },
      {
        id: 'c',
        text: 'Winter coats on sale',
        subjectId: null,
        recordedAt: '2026-02-15T10:00:00.000Z',
        attributes: { hashtags: 'sale', engagementRate: 0.01 },
      },
    ]);
    const { outcome, events } = await run('trend_analyzer', { topic: 'picnic in the park' });
    expect(outcome).toMatchObject({
      status: 'completed',
      result: {
        risingHashtags: [
          expect.objectContaining({ tag: '#picnic', recentUses: 2, previousUses: 0 }),
          expect.objectContaining({ tag: '#spring', recentUses: 1 }),
        ],
        suggestedHashtags: [
          expect.objectContaining({ tag: '#picnic', basis: 'topic' }),
          expect.objectContaining({ tag: '#spring' }),
        ],
        summary: null,
        angles: [],
      },
    });
    expect(events.map((event) => dataOf<{ name?: string }>(event).name).filter(Boolean)).toEqual([
      'trend_analyzer.statistics',
      'trend_analyzer.statistics_only',
    ]);
  });

  it('crisis manager: lexicon severity with reasons, negative mentions remembered under their authors and erasable', async () => {
    sut = await startAgents();
    const { outcome } = await run('crisis_manager', { mentions: MENTIONS });
    expect(outcome).toMatchObject({
      status: 'completed',
      result: {
        severity: 'high',
        responsePlan: null,
        signals: {
          mentions: 5,
          negative: 4,
          positive: 1,
          crisisTerms: { scam: 1, breach: 1, hacked: 1 },
          reasons: [
            '80% of 5 mentions are negative',
            '2 mention(s) use crisis terms (breach, hacked, scam)',
            '1 negative mention(s) reach 10,000+ people',
          ],
        },
      },
    });
    expect(
      (await sut.memory.recent(ORG, 'crisis_patterns', 10)).map((memory) => memory.subjectId).sort(),
    ).toEqual(['contact-1', 'contact-2', 'contact-3', 'contact-4']);
    expect(await sut.memory.forgetSubject('contact-4')).toBe(1);
    expect(
      (await sut.memory.recent(ORG, 'crisis_patterns', 10)).map((memory) => memory.subjectId),
    ).not.toContain('contact-4');
  });

  it('performance tracker: flags the spike against its trailing days and remembers it as an engagement pattern', async () => {
    sut = await startAgents({ performance });
    const { outcome } = await run('performance_tracker', { from: '2026-03-01', to: '2026-03-09' });
    expect(outcome).toMatchObject({
      status: 'completed',
      result: {
        totals: { impressions: 17_280 },
        anomalies: [
          { date: '2026-03-09', metric: 'impressions', direction: 'spike', value: 9000, expected: 1040 },
        ],
        summary: null,
      },
    });
    expect((await sut.memory.recent(ORG, 'engagement_patterns', 5)).map((memory) => memory.text)).toEqual([
      '2026-03-09: impressions spike to 9000 (expected about 1040)',
    ]);
  });

  it('competitor monitor: growth, cadence and engagement per competitor, remembered as insights', async () => {
    sut = await startAgents();
    const { outcome } = await run('competitor_monitor', {
      competitors: [
        {
          name: 'Basketco',
          platform: 'instagram',
          snapshots: [
            { date: '2026-02-01', followers: 1000, posts: 100, engagementRate: 0.03 },
            { date: '2026-03-01', followers: 1200, posts: 108, engagementRate: 0.05 },
          ],
        },
        {
          name: 'Parkly',
          snapshots: [
            { date: '2026-02-01', followers: 5000 },
            { date: '2026-03-01', followers: 5050 },
          ],
        },
      ],
    });
    expect(outcome).toMatchObject({
      status: 'completed',
      result: {
        competitors: [
          {
            name: 'Basketco',
            followerGrowth: 200,
            followerGrowthRate: 0.2,
            postsPerWeek: 2,
            averageEngagementRate: 0.04,
          },
          {
            name: 'Parkly',
            followerGrowth: 50,
            followerGrowthRate: 0.01,
            postsPerWeek: null,
            averageEngagementRate: null,
          },
        ],
        insights: [],
      },
    });
    expect(
      (await sut.memory.recent(ORG, 'competitor_insights', 5)).map((memory) => memory.text).sort(),
    ).toEqual([
      'Basketco on instagram: 1200 followers on 2026-03-01, +200 since 2026-02-01, engagement 4.00%',
      'Parkly: 5050 followers on 2026-03-01, +50 since 2026-02-01',
    ]);
  });
});

describe('crisis manager with a model', () => {
  let fake: FakeOpenAi;
  let sut: AgentsHarness;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
    sut = await startAgents({ llmBaseUrl: fake.baseUrl });
  });
  afterEach(async () => {
    await sut.close();
    await fake.close();
  });

  it('drafts a response plan from the signals and the worst mentions', async () => {
    const plan = {
      summary: 'Payment and security complaints are spreading.',
      holdingStatement: 'We are looking into this now.',
      actions: ['Confirm the double charges', 'Brief support'],
    };
    fake.script({ kind: 'chat', content: JSON.stringify(plan) });
    const requested = await sut.request('crisis_manager', { mentions: MENTIONS, brand: 'Picnicly' });
    const outcome = await sut.runner.handle(requested);
    expect(outcome).toMatchObject({ status: 'completed', result: { severity: 'high', responsePlan: plan } });
    const [request] = fake.chatRequests();
    const messages = request.body.messages as { role: string; content: string }[];
    expect(messages[0]).toEqual({
      role: 'system',
      content:
        'You are the crisis communication lead for Picnicly. Be factual, calm and accountable; promise nothing the organization has not decided.\nPast episodes from the organization\'s memory:\n- (none recorded)\nAnswer with one JSON object only: {"summary": string, "holdingStatement": string, "actions": string[]}',
    });
    expect(JSON.parse(messages[1].content)).toMatchObject({
      severity: 'high',
      worstMentions: expect.arrayContaining([MENTIONS[3].text]),
    });
    expect(request.body.tools).toBeUndefined();
  });
});
