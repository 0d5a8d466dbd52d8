import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { defineAgent } from '../runner/agent-definition';
import { inputInvalid, list, optionalText, record, text } from '../runner/input-fields';
import { stringField, stringList } from '../runner/json-output';
import type { MemoryHit } from '../memory/vector-memory.port';
import { type CrisisSignals, crisisSignals, type Mention, scoreSentiment } from '../stats/lexicon-sentiment';
import { recall } from './memory-tools';
import { optionalInsight } from './optional-insight';

interface ResponsePlan {
  readonly summary: string;
  readonly holdingStatement: string;
  readonly actions: string[];
}

const CrisisState = Annotation.Root({
  signals: Annotation<CrisisSignals | null>({ reducer: (_, update) => update, default: () => null }),
  similar: Annotation<MemoryHit[]>({ reducer: (_, update) => update, default: () => [] }),
  plan: Annotation<ResponsePlan | null>({ reducer: (_, update) => update, default: () => null }),
});

function parseMention(value: unknown, index: number): Mention {
  const item = record(value, `mentions[${index}]`);
  const at = text(item, 'at', 40);
  if (Number.isNaN(Date.parse(at)))
    throw inputInvalid(`mentions[${index}].at`, 'at must be an ISO-8601 instant.');
  const reach = item.reach;
  if (reach !== undefined && (typeof reach !== 'number' || !Number.isFinite(reach) || reach < 0)) {
    throw inputInvalid(`mentions[${index}].reach`, 'reach must be a number of at least 0.');
  }
  return {
    id: text(item, 'id', 200),
    text: text(item, 'text', 5000),
    at,
    authorId: optionalText(item, 'authorId', 200),
    ...(reach === undefined ? {} : { reach }),
  };
}

/**
 * Crisis signals from recent comments and mentions: lexicon sentiment, crisis vocabulary and pace
 * give a severity with its reasons, without any model. With one, and a severity above none, the
 * model drafts a response plan informed by the organization's past crisis patterns. Negative
 * mentions are remembered under their author, so erasing the author erases them here too.
 */
export const crisisManagerAgent = defineAgent({
  kind: 'crisis_manager',
  generative: false,
  parseInput: (input) => ({
    mentions: list(input, 'mentions', 500, parseMention),
    brand: optionalText(input, 'brand', 200),
  }),
  run: async (run, input, services) => {
    const organizationId = run.task.organizationId;
    const graph = new StateGraph(CrisisState)
      .addNode('score_mentions', async () => {
        const signals = await run.tool(
          'sentiment.lexicon',
          { mentions: input.mentions.length },
          () => crisisSignals(input.mentions),
          (found) => ({
            severity: found.severity,
            negative: found.negative,
            negativeShare: found.negativeShare,
          }),
        );
        await run.step(
          'crisis_manager.severity',
          `${signals.severity}: ${signals.reasons.join('; ') || 'no warning sign'}`,
        );
        return { signals };
      })
      .addNode('recall_patterns', async (state: typeof CrisisState.State) => {
        const terms = Object.keys(state.signals?.crisisTerms ?? {});
        if (state.signals?.severity === 'none') return {};
        const query =
          terms.length > 0
            ? terms.join(' ')
            : input.mentions
                .filter((m) => scoreSentiment(m.text).label === 'negative')
                .map((m) => m.text)
                .join(' ')
                .slice(0, 500);
        return { similar: query === '' ? [] : await recall(run, services, 'crisis_patterns', query, 3) };
      })
      .addNode('plan_response', async (state: typeof CrisisState.State) => {
        const signals = state.signals;
        if (signals === null || signals.severity === 'none') return {};
        const worst = new Set(signals.mostNegative.map((entry) => entry.id));
        const plan = await optionalInsight(run, 'crisis_manager', () =>
          run.chatJson(
            'crisis_manager.plan',
            {
              temperature: 0.3,
              messages: [
                {
                  role: 'system',
                  content: [
                    `You are the crisis communication lead for ${input.brand ?? 'the organization'}. Be factual, calm and accountable; promise nothing the organization has not decided.`,
                    "Past episodes from the organization's memory:",
                    state.similar.length === 0
                      ? '- (none recorded)'
                      : state.similar.map((hit) => `- ${hit.text}`).join('\n'),
                    'Answer with one JSON object only: {"summary": string, "holdingStatement": string, "actions": string[]}',
                  ].join('\n'),
                },
                {
                  role: 'user',
                  content: JSON.stringify({
                    severity: signals.severity,
                    reasons: signals.reasons,
                    negativeShare: signals.negativeShare,
                    crisisTerms: signals.crisisTerms,
                    worstMentions: input.mentions
                      .filter((mention) => worst.has(mention.id))
                      .map((mention) => mention.text),
                  }),
                },
              ],
            },
            (value) => ({
              summary: stringField(value, 'summary'),
              holdingStatement: stringField(value, 'holdingStatement'),
              actions: stringList(value, 'actions', 10),
            }),
          ),
        );
        return { plan };
      })
      .addNode('remember_episode', async (state: typeof CrisisState.State) => {
        const signals = state.signals;
        if (signals === null || signals.severity === 'none') return {};
        const negative = input.mentions.filter(
          (mention) => scoreSentiment(mention.text).label === 'negative',
        );
        await run.tool('memory.remember', { collection: 'crisis_patterns', count: negative.length }, () =>
          services.memory.remember(
            organizationId,
            'crisis_patterns',
            negative.map((mention) => ({
              id: `${run.task.taskId}:${mention.id}`,
              text: mention.text,
              subjectId: mention.authorId,
              recordedAt: mention.at,
              attributes: { severity: signals.severity, taskId: run.task.taskId },
            })),
          ),
        );
        return {};
      })
      .addEdge(START, 'score_mentions')
      .addEdge('score_mentions', 'recall_patterns')
      .addEdge('recall_patterns', 'plan_response')
      .addEdge('plan_response', 'remember_episode')
      .addEdge('remember_episode', END)
      .compile();
    const final = await graph.invoke({}, { signal: run.signal });
    return {
      severity: final.signals?.severity ?? 'none',
      signals: final.signals,
      responsePlan: final.plan,
      similarEpisodes: final.similar.map((hit) => ({
        id: hit.id,
        severity: hit.attributes.severity ?? null,
      })),
    };
  },
});
