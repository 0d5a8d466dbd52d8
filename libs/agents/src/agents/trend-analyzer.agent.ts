import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { defineAgent } from '../runner/agent-definition';
import { optionalText, platforms, wholeNumber } from '../runner/input-fields';
import { stringField, stringList } from '../runner/json-output';
import type { Memory } from '../memory/vector-memory.port';
import type { HashtagSuggestion } from '../stats/hashtag-suggester';
import { pastPostOf, suggestFromHistory } from './memory-tools';
import { optionalInsight } from './optional-insight';

const DAY_MS = 86_400_000;

export interface HashtagMomentum {
  readonly tag: string;
  readonly recentUses: number;
  readonly previousUses: number;
  readonly recentEngagementRate: number | null;
  /** Engagement-weighted uses, recent window over previous (previous 0 counts as 1). */
  readonly momentum: number;
}

/** Tags the organization used more, and with better results, in the recent window than before it. */
export function hashtagMomentum(
  history: readonly Memory[],
  now: Date,
  windowDays: number,
): HashtagMomentum[] {
  const recentFrom = now.getTime() - windowDays * DAY_MS;
  const previousFrom = recentFrom - windowDays * DAY_MS;
  const tags = new Map<
    string,
    { recent: number; previous: number; weighted: number; previousWeighted: number; rates: number[] }
  >();
  for (const memory of history) {
    const at = Date.parse(memory.recordedAt);
    if (at < previousFrom || at > now.getTime()) continue;
    const post = pastPostOf(memory);
    const weight = 1 + (post.engagementRate ?? 0) * 10;
    for (const raw of new Set(post.hashtags.map((tag) => `#${tag.replace(/^#+/, '').toLowerCase()}`))) {
      const entry = tags.get(raw) ?? { recent: 0, previous: 0, weighted: 0, previousWeighted: 0, rates: [] };
      if (at >= recentFrom) {
        entry.recent += 1;
        entry.weighted += weight;
        if (post.engagementRate !== null) entry.rates.push(post.engagementRate);
      } else {
        entry.previous += 1;
        entry.previousWeighted += weight;
      }
      tags.set(raw, entry);
    }
  }
  return [...tags.entries()]
    .filter(([, entry]) => entry.recent > 0 && entry.weighted > entry.previousWeighted)
    .map(([tag, entry]) => ({
      tag,
      recentUses: entry.recent,
      previousUses: entry.previous,
      recentEngagementRate:
        entry.rates.length === 0 ? null : entry.rates.reduce((a, b) => a + b, 0) / entry.rates.length,
      momentum: Math.round((entry.weighted / Math.max(1, entry.previousWeighted)) * 100) / 100,
    }))
    .sort((a, b) => b.momentum - a.momentum || b.recentUses - a.recentUses || a.tag.localeCompare(b.tag))
    .slice(0, 10);
}

const TrendState = Annotation.Root({
  rising: Annotation<HashtagMomentum[]>({ reducer: (_, update) => update, default: () => [] }),
  suggestions: Annotation<HashtagSuggestion[]>({ reducer: (_, update) => update, default: () => [] }),
  insight: Annotation<{ summary: string; angles: string[] } | null>({
    reducer: (_, update) => update,
    default: () => null,
  }),
});

/**
 * What is working for the organization now, from its own content history: rising hashtags and
 * topic hashtags by TF-IDF; the model, when there is one, turns them into angles for new posts.
 * Herald has no external trend feed: it never claims to know what the whole network talks about.
 */
export const trendAnalyzerAgent = defineAgent({
  kind: 'trend_analyzer',
  generative: false,
  parseInput: (input) => ({
    topic: optionalText(input, 'topic', 500),
    platforms: platforms(input, 'platforms', { required: false }),
    windowDays: wholeNumber(input, 'windowDays', 14, 3, 90),
  }),
  run: async (run, input, services) => {
    const graph = new StateGraph(TrendState)
      .addNode('history', async () => {
        const history = await run.tool(
          'memory.recent',
          { collection: 'content_history', limit: 200 },
          () => services.memory.recent(run.task.organizationId, 'content_history', 200),
          (found) => ({ count: found.length }),
        );
        const rising = hashtagMomentum(history, run.clock.now(), input.windowDays);
        const suggestions = input.topic === null ? [] : await suggestFromHistory(run, services, input.topic);
        await run.step(
          'trend_analyzer.statistics',
          `${rising.length} rising hashtag(s) over ${history.length} past post(s)`,
        );
        return { rising, suggestions };
      })
      .addNode('interpret', async (state: typeof TrendState.State) => ({
        insight: await optionalInsight(run, 'trend_analyzer', () =>
          run.chatJson(
            'trend_analyzer.interpret',
            {
              temperature: 0.4,
              messages: [
                {
                  role: 'system',
                  content: [
                    "You analyse an organization's own social media results. Use only the figures given; do not claim knowledge of network-wide trends.",
                    'Answer with one JSON object only: {"summary": string, "angles": string[]} with 2 to 5 concrete angles for new posts.',
                  ].join('\n'),
                },
                {
                  role: 'user',
                  content: JSON.stringify({
                    topic: input.topic,
                    platforms: input.platforms,
                    risingHashtags: state.rising,
                    topicHashtags: state.suggestions,
                  }),
                },
              ],
            },
            (value) => ({ summary: stringField(value, 'summary'), angles: stringList(value, 'angles', 5) }),
          ),
        ),
      }))
      .addEdge(START, 'history')
      .addEdge('history', 'interpret')
      .addEdge('interpret', END)
      .compile();
    const final = await graph.invoke({}, { signal: run.signal });
    return {
      topic: input.topic,
      risingHashtags: final.rising,
      suggestedHashtags: final.suggestions,
      summary: final.insight?.summary ?? null,
      angles: final.insight?.angles ?? [],
    };
  },
});
