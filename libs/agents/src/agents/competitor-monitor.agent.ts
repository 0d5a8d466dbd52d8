import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { SocialPlatform } from '@herald/accounts';
import { defineAgent } from '../runner/agent-definition';
import { inputInvalid, list, optionalPlatform, record, text } from '../runner/input-fields';
import { stringList } from '../runner/json-output';
import type { MemoryHit } from '../memory/vector-memory.port';
import { recall } from './memory-tools';
import { optionalInsight } from './optional-insight';

interface Snapshot {
  readonly date: string;
  readonly followers: number;
  readonly posts: number | null;
  readonly engagementRate: number | null;
}

interface Competitor {
  readonly name: string;
  readonly platform: SocialPlatform | null;
  readonly snapshots: Snapshot[];
}

export interface CompetitorFigures {
  readonly name: string;
  readonly platform: SocialPlatform | null;
  readonly from: string;
  readonly to: string;
  readonly followers: number;
  readonly followerGrowth: number;
  /** Growth over the first snapshot's followers; null when it had none. */
  readonly followerGrowthRate: number | null;
  readonly postsPerWeek: number | null;
  readonly averageEngagementRate: number | null;
}

const DAY_MS = 86_400_000;

const nonNegative = (
  item: Readonly<Record<string, unknown>>,
  field: string,
  at: string,
  optional: boolean,
): number | null => {
  const value = item[field];
  if (optional && (value === undefined || value === null)) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw inputInvalid(`${at}.${field}`, `${field} must be a number of at least 0.`);
  return value;
};

function parseCompetitor(value: unknown, index: number): Competitor {
  const item = record(value, `competitors[${index}]`);
  const snapshots = list(item, 'snapshots', 400, (raw, at) => {
    const snapshot = record(raw, `competitors[${index}].snapshots[${at}]`);
    const date = text(snapshot, 'date', 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw inputInvalid(`competitors[${index}].snapshots[${at}].date`, 'date must be YYYY-MM-DD.');
    const where = `competitors[${index}].snapshots[${at}]`;
    return {
      date,
      followers: nonNegative(snapshot, 'followers', where, false) ?? 0,
      posts: nonNegative(snapshot, 'posts', where, true),
      engagementRate: nonNegative(snapshot, 'engagementRate', where, true),
    };
  }).sort((a, b) => a.date.localeCompare(b.date));
  return { name: text(item, 'name', 200), platform: optionalPlatform(item), snapshots };
}

/** Growth, cadence and engagement of each competitor over the public metrics entered for it. */
export function competitorFigures(competitor: Competitor): CompetitorFigures {
  const first = competitor.snapshots[0];
  const last = competitor.snapshots[competitor.snapshots.length - 1];
  const weeks = (Date.parse(last.date) - Date.parse(first.date)) / DAY_MS / 7;
  const posts = competitor.snapshots
    .map((snapshot) => snapshot.posts)
    .filter((count): count is number => count !== null);
  const rates = competitor.snapshots
    .map((snapshot) => snapshot.engagementRate)
    .filter((rate): rate is number => rate !== null);
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    name: competitor.name,
    platform: competitor.platform,
    from: first.date,
    to: last.date,
    followers: last.followers,
    followerGrowth: last.followers - first.followers,
    followerGrowthRate:
      first.followers === 0 ? null : round((last.followers - first.followers) / first.followers),
    // `posts` is the account's cumulative post count as shown on its profile.
    postsPerWeek: posts.length >= 2 && weeks > 0 ? round((posts[posts.length - 1] - posts[0]) / weeks) : null,
    averageEngagementRate: rates.length === 0 ? null : round(rates.reduce((a, b) => a + b, 0) / rates.length),
  };
}

const MonitorState = Annotation.Root({
  figures: Annotation<CompetitorFigures[]>({ reducer: (_, update) => update, default: () => [] }),
  previous: Annotation<MemoryHit[]>({ reducer: (_, update) => update, default: () => [] }),
  insights: Annotation<string[] | null>({ reducer: (_, update) => update, default: () => null }),
});

/**
 * Competitors as the organization tracks them: public metrics entered by its people (Herald does
 * not scrape). Figures are computed here; the model, if any, compares them with earlier insights;
 * each competitor's standing is remembered as a competitor insight.
 */
export const competitorMonitorAgent = defineAgent({
  kind: 'competitor_monitor',
  generative: false,
  parseInput: (input) => ({ competitors: list(input, 'competitors', 20, parseCompetitor) }),
  run: async (run, input, services) => {
    const organizationId = run.task.organizationId;
    const graph = new StateGraph(MonitorState)
      .addNode('compute_figures', async () => {
        const figures = input.competitors
          .map(competitorFigures)
          .sort((a, b) => (b.followerGrowthRate ?? -Infinity) - (a.followerGrowthRate ?? -Infinity));
        await run.step(
          'competitor_monitor.figures',
          figures
            .map((f) => `${f.name}: ${f.followerGrowth >= 0 ? '+' : ''}${f.followerGrowth} followers`)
            .join('; '),
        );
        const previous = await recall(
          run,
          services,
          'competitor_insights',
          figures.map((f) => f.name).join(' '),
          10,
        );
        return { figures, previous };
      })
      .addNode('interpret', async (state: typeof MonitorState.State) => ({
        insights: await optionalInsight(run, 'competitor_monitor', () =>
          run.chatJson(
            'competitor_monitor.interpret',
            {
              temperature: 0.3,
              messages: [
                {
                  role: 'system',
                  content: [
                    'You compare competitors for a social media team, from the figures given only.',
                    'Earlier insights:',
                    state.previous.length === 0
                      ? '- (none recorded)'
                      : state.previous.map((hit) => `- ${hit.text}`).join('\n'),
                    'Answer with one JSON object only: {"insights": string[]} (2 to 6 insights).',
                  ].join('\n'),
                },
                { role: 'user', content: JSON.stringify(state.figures) },
              ],
            },
            (value) => stringList(value, 'insights', 6),
          ),
        ),
      }))
      .addNode('remember_insights', async (state: typeof MonitorState.State) => {
        await run.tool(
          'memory.remember',
          { collection: 'competitor_insights', count: state.figures.length },
          () =>
            services.memory.remember(
              organizationId,
              'competitor_insights',
              state.figures.map((figures) => ({
                id: `${figures.name.toLowerCase()}:${figures.platform ?? 'all'}:${figures.to}`,
                text: `${figures.name}${figures.platform === null ? '' : ` on ${figures.platform}`}: ${figures.followers} followers on ${figures.to}, ${figures.followerGrowth >= 0 ? '+' : ''}${figures.followerGrowth} since ${figures.from}${figures.averageEngagementRate === null ? '' : `, engagement ${(figures.averageEngagementRate * 100).toFixed(2)}%`}`,
                subjectId: null,
                recordedAt: `${figures.to}T00:00:00.000Z`,
                attributes: { competitor: figures.name, followers: figures.followers },
              })),
            ),
        );
        return {};
      })
      .addEdge(START, 'compute_figures')
      .addEdge('compute_figures', 'interpret')
      .addEdge('interpret', 'remember_insights')
      .addEdge('remember_insights', END)
      .compile();
    const final = await graph.invoke({}, { signal: run.signal });
    return {
      competitors: final.figures,
      insights: final.insights ?? [],
      earlierInsights: final.previous.length,
    };
  },
});
