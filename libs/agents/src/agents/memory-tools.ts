import type { AgentRun } from '../runner/agent-run';
import type { AgentServices } from '../runner/agent-definition';
import type { ToolSpec } from '../llm/llm.port';
import type { Memory, MemoryCollection, MemoryHit } from '../memory/vector-memory.port';
import { type PastPost, suggestHashtags } from '../stats/hashtag-suggester';

/** Searches one of the organization's memory collections, recorded as a tool call. */
export function recall(
  run: AgentRun,
  services: AgentServices,
  collection: MemoryCollection,
  query: string,
  limit: number,
): Promise<MemoryHit[]> {
  return run.tool(
    'memory.search',
    { collection, query, limit },
    () => services.memory.search(run.task.organizationId, collection, { query, limit }),
    (hits) => hits.map((hit) => ({ id: hit.id, score: Math.round(hit.score * 1000) / 1000 })),
  );
}

/** Posts in `content_history` carry their hashtags (space-separated) and engagement rate as attributes. */
export function pastPostOf(memory: Memory): PastPost {
  const tags = memory.attributes.hashtags;
  const rate = memory.attributes.engagementRate;
  return {
    text: memory.text,
    hashtags: typeof tags === 'string' ? tags.split(/\s+/).filter((tag) => tag !== '') : [],
    engagementRate: typeof rate === 'number' ? rate : null,
  };
}

export async function suggestFromHistory(run: AgentRun, services: AgentServices, topic: string, limit = 8) {
  return run.tool('hashtags.suggest', { topic, limit }, async () => {
    const history = await services.memory.recent(run.task.organizationId, 'content_history', 200);
    return suggestHashtags(topic, history.map(pastPostOf), limit);
  });
}

/** The one tool the models are offered: more context from the organization's own memory. */
export const SEARCH_MEMORY_TOOL: ToolSpec = {
  name: 'search_memory',
  description:
    "Search the organization's memory: brand voice notes, past posts with their results, or engagement patterns.",
  parameters: {
    type: 'object',
    properties: {
      collection: { type: 'string', enum: ['brand_voice', 'content_history', 'engagement_patterns'] },
      query: { type: 'string', description: 'What to look for, in a few words.' },
    },
    required: ['collection', 'query'],
    additionalProperties: false,
  },
};

const SEARCHABLE = new Set<MemoryCollection>(['brand_voice', 'content_history', 'engagement_patterns']);

/** Runs a `search_memory` call the model asked for; a malformed call is answered, not thrown. */
export async function answerMemoryTool(
  run: AgentRun,
  services: AgentServices,
  args: Readonly<Record<string, unknown>>,
): Promise<string> {
  const { collection, query } = args;
  if (
    typeof collection !== 'string' ||
    !SEARCHABLE.has(collection as MemoryCollection) ||
    typeof query !== 'string' ||
    query.trim() === ''
  ) {
    return JSON.stringify({
      error:
        'search_memory needs a collection among brand_voice, content_history, engagement_patterns and a query',
    });
  }
  const hits = await recall(run, services, collection as MemoryCollection, query.trim(), 5);
  return JSON.stringify(hits.map((hit) => ({ text: hit.text, ...hit.attributes })));
}

export const bulletList = (lines: readonly string[], empty: string): string =>
  lines.length === 0 ? empty : lines.map((line) => `- ${line}`).join('\n');
