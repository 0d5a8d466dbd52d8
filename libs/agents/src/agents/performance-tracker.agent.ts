import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { HeraldError } from '@herald/shared-kernel';
import { defineAgent } from '../runner/agent-definition';
import { isoDate } from '../runner/input-fields';
import { stringField, stringList } from '../runner/json-output';
import { type Anomaly, detectAnomalies } from '../stats/anomalies';
import type { PerformancePeriod } from '../stats/performance.port';
import { optionalInsight } from './optional-insight';

const ENGAGEMENTS = ['likes', 'comments', 'shares', 'saves'] as const;

const TrackerState = Annotation.Root({
  period: Annotation<PerformancePeriod | null>({ reducer: (_, update) => update, default: () => null }),
  anomalies: Annotation<Anomaly[]>({ reducer: (_, update) => update, default: () => [] }),
  insight: Annotation<{ summary: string; highlights: string[] } | null>({
    reducer: (_, update) => update,
    default: () => null,
  }),
});

export function totalsOf(period: PerformancePeriod): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const day of period.days)
    for (const [metric, value] of Object.entries(day.metrics)) totals[metric] = (totals[metric] ?? 0) + value;
  return totals;
}

/**
 * Summaries and anomalies over the organization's analytics: spikes and drops are robust z-scores
 * of each day against its trailing fortnight (no model needed); the model, when there is one,
 * writes the summary. Anomalies are remembered as engagement patterns for later agents.
 */
export const performanceTrackerAgent = defineAgent({
  kind: 'performance_tracker',
  generative: false,
  parseInput: (input) => ({ from: isoDate(input, 'from'), to: isoDate(input, 'to') }),
  run: async (run, input, services) => {
    const source = services.performance;
    if (source === null)
      throw new HeraldError('AI.INPUT_INVALID', 'No analytics source is wired to the performance tracker.', {
        field: 'analytics',
      });
    const organizationId = run.task.organizationId;
    const graph = new StateGraph(TrackerState)
      .addNode('read_daily', async () => ({
        period: await run.tool(
          'analytics.daily',
          input,
          () => source.daily({ organizationId, ...input }),
          (found) => ({ days: found.days.length, timeZone: found.timeZone }),
        ),
      }))
      .addNode('find_anomalies', async (state: typeof TrackerState.State) => {
        const days = state.period?.days ?? [];
        const series = (value: (day: PerformancePeriod['days'][number]) => number) =>
          days.map((day) => ({ date: day.date, value: value(day) }));
        const anomalies = [
          ...detectAnomalies(
            'impressions',
            series((day) => day.metrics.impressions ?? 0),
          ),
          ...detectAnomalies(
            'engagements',
            series((day) => ENGAGEMENTS.reduce((sum, metric) => sum + (day.metrics[metric] ?? 0), 0)),
          ),
        ].sort((a, b) => a.date.localeCompare(b.date) || a.metric.localeCompare(b.metric));
        await run.step(
          'performance_tracker.anomalies',
          anomalies.length === 0
            ? 'none'
            : anomalies.map((a) => `${a.date} ${a.metric} ${a.direction}`).join(', '),
        );
        return { anomalies };
      })
      .addNode('summarize', async (state: typeof TrackerState.State) => ({
        insight: await optionalInsight(run, 'performance_tracker', () =>
          run.chatJson(
            'performance_tracker.summarize',
            {
              temperature: 0.2,
              messages: [
                {
                  role: 'system',
                  content:
                    'You summarise social media performance for a marketing team, from the figures given only. Answer with one JSON object only: {"summary": string, "highlights": string[]}',
                },
                {
                  role: 'user',
                  content: JSON.stringify({
                    period: input,
                    totals: totalsOf(state.period ?? { timeZone: 'UTC', days: [], byPlatform: [] }),
                    byPlatform: state.period?.byPlatform ?? [],
                    anomalies: state.anomalies,
                  }),
                },
              ],
            },
            (value) => ({
              summary: stringField(value, 'summary'),
              highlights: stringList(value, 'highlights', 8),
            }),
          ),
        ),
      }))
      .addNode('remember_patterns', async (state: typeof TrackerState.State) => {
        if (state.anomalies.length === 0) return {};
        await run.tool(
          'memory.remember',
          { collection: 'engagement_patterns', count: state.anomalies.length },
          () =>
            services.memory.remember(
              organizationId,
              'engagement_patterns',
              state.anomalies.map((anomaly) => ({
                id: `anomaly:${anomaly.date}:${anomaly.metric}`,
                text: `${anomaly.date}: ${anomaly.metric} ${anomaly.direction} to ${anomaly.value} (expected about ${anomaly.expected})`,
                subjectId: null,
                recordedAt: `${anomaly.date}T12:00:00.000Z`,
                attributes: { metric: anomaly.metric, direction: anomaly.direction, score: anomaly.score },
              })),
            ),
        );
        return {};
      })
      .addEdge(START, 'read_daily')
      .addEdge('read_daily', 'find_anomalies')
      .addEdge('find_anomalies', 'summarize')
      .addEdge('summarize', 'remember_patterns')
      .addEdge('remember_patterns', END)
      .compile();
    const final = await graph.invoke({}, { signal: run.signal });
    return {
      from: input.from,
      to: input.to,
      timeZone: final.period?.timeZone ?? null,
      totals: final.period === null ? {} : totalsOf(final.period),
      byPlatform: final.period?.byPlatform ?? [],
      anomalies: final.anomalies,
      summary: final.insight?.summary ?? null,
      highlights: final.insight?.highlights ?? [],
    };
  },
});
