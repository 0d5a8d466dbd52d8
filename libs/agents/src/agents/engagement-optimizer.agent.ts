import { PLATFORM_NAMES } from '@herald/accounts';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { defineAgent } from '../runner/agent-definition';
import { list, optionalPlatform, text } from '../runner/input-fields';
import { invalid, numberField, stringField, stringList } from '../runner/json-output';
import type { MemoryHit } from '../memory/vector-memory.port';
import { bulletList, recall } from './memory-tools';
import { platformLimits } from './content-creator.prompt';
import { checkAgainstPlatforms } from './platform-check';

export interface Optimization {
  readonly rewrite: string;
  readonly hashtags: string[];
  readonly predictedEngagementRate: number;
  readonly confidence: 'low' | 'medium' | 'high';
  readonly reasons: string[];
}

const CONFIDENCE = ['low', 'medium', 'high'] as const;

const OptimizerState = Annotation.Root({
  similar: Annotation<MemoryHit[]>({ reducer: (_, update) => update, default: () => [] }),
  baseline: Annotation<number | null>({ reducer: (_, update) => update, default: () => null }),
  optimization: Annotation<Optimization | null>({ reducer: (_, update) => update, default: () => null }),
});

const rateOf = (hit: MemoryHit): number | null =>
  typeof hit.attributes.engagementRate === 'number' ? hit.attributes.engagementRate : null;

/**
 * Rewrites a post for engagement and predicts its engagement rate with reasons. The prediction is
 * anchored on a measured baseline: the mean engagement rate of the organization's most similar
 * past posts, given to the model and returned beside its estimate so a person can weigh both.
 */
export const engagementOptimizerAgent = defineAgent({
  kind: 'engagement_optimizer',
  generative: true,
  parseInput: (input) => {
    const platform = optionalPlatform(input);
    if (platform === null) throw invalid('platform is required');
    return {
      text: text(input, 'text', 10_000),
      platform,
      hashtags:
        Array.isArray(input.hashtags) && input.hashtags.length === 0
          ? []
          : input.hashtags === undefined
            ? []
            : list(input, 'hashtags', 30, (tag) => String(tag)),
    };
  },
  run: async (run, input, services) => {
    const graph = new StateGraph(OptimizerState)
      .addNode('measure_baseline', async () => {
        const similar = await recall(run, services, 'content_history', input.text, 10);
        const rates = similar.map(rateOf).filter((rate): rate is number => rate !== null);
        return {
          similar,
          baseline: rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0) / rates.length,
        };
      })
      .addNode('write_rewrite', async (state: typeof OptimizerState.State) => ({
        optimization: await run.chatJson(
          'engagement_optimizer.rewrite',
          {
            temperature: 0.5,
            messages: [
              {
                role: 'system',
                content: [
                  `You improve social media posts for engagement on ${PLATFORM_NAMES[input.platform]}, keeping their meaning, facts and brand voice.`,
                  `Limits: ${platformLimits([input.platform])}`,
                  "The organization's most similar past posts and their measured engagement rates:",
                  bulletList(
                    state.similar.map(
                      (hit) =>
                        `"${hit.text}" (${rateOf(hit) === null ? 'not measured' : `${((rateOf(hit) ?? 0) * 100).toFixed(2)}%`})`,
                    ),
                    '- (none yet)',
                  ),
                  `Measured baseline engagement rate: ${state.baseline === null ? 'unknown' : state.baseline.toFixed(4)}`,
                  'Predict the engagement rate of your rewrite as a fraction (0.034 = 3.4%), anchored on the baseline, and give the reasons.',
                  'Answer with one JSON object only: {"rewrite": string, "hashtags": string[], "predictedEngagementRate": number, "confidence": "low"|"medium"|"high", "reasons": string[]}',
                ].join('\n'),
              },
              { role: 'user', content: JSON.stringify({ text: input.text, hashtags: input.hashtags }) },
            ],
          },
          (value) => {
            const confidence = value.confidence;
            if (!CONFIDENCE.includes(confidence as (typeof CONFIDENCE)[number]))
              throw invalid('"confidence" must be low, medium or high');
            const reasons = stringList(value, 'reasons', 10);
            if (reasons.length === 0) throw invalid('"reasons" must give at least one reason');
            return {
              rewrite: stringField(value, 'rewrite'),
              hashtags: stringList(value, 'hashtags', 30).map((tag) => tag.replace(/^#+/, '')),
              predictedEngagementRate: numberField(value, 'predictedEngagementRate', 0, 1),
              confidence: confidence as Optimization['confidence'],
              reasons,
            };
          },
        ),
      }))
      .addEdge(START, 'measure_baseline')
      .addEdge('measure_baseline', 'write_rewrite')
      .addEdge('write_rewrite', END)
      .compile();
    const final = await graph.invoke({}, { signal: run.signal });
    const optimization = final.optimization;
    if (optimization === null) throw invalid('no rewrite was produced');
    const { issues, notes } = checkAgainstPlatforms(
      {
        text: optimization.rewrite,
        title: null,
        media: [],
        hashtags: optimization.hashtags,
        mentions: [],
        links: [],
      },
      {},
      [input.platform],
    );
    return {
      platform: input.platform,
      original: input.text,
      ...optimization,
      baselineEngagementRate: final.baseline,
      similarPosts: final.similar.length,
      issues,
      notes,
    };
  },
});
