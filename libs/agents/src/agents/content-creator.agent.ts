import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import type { SocialPlatform } from '@herald/accounts';
import { DraftPostCommand, type PlatformVariants, type PostContent } from '@herald/posts';
import type { ChatMessage, ToolCall } from '../llm/llm.port';
import { type AgentRun } from '../runner/agent-run';
import { type AgentServices, defineAgent } from '../runner/agent-definition';
import { agentMetadata } from '../runner/agent-task';
import { bool, optionalText, platforms, text } from '../runner/input-fields';
import { invalid, parseJsonObject, stringField, stringList } from '../runner/json-output';
import type { HashtagSuggestion } from '../stats/hashtag-suggester';
import { answerMemoryTool, recall, SEARCH_MEMORY_TOOL, suggestFromHistory } from './memory-tools';
import { creatorSystemPrompt, creatorUserPrompt } from './content-creator.prompt';
import { checkAgainstPlatforms } from './platform-check';

export interface ContentCreatorInput {
  readonly topic: string;
  readonly platforms: SocialPlatform[];
  readonly brief: string | null;
  readonly callToAction: string | null;
  readonly link: string | null;
  /** Create the draft post (default); false only proposes the text. */
  readonly createDraft: boolean;
}

export interface CreatedDraft {
  readonly text: string;
  readonly hashtags: string[];
  readonly callToAction: string;
  readonly variants: Partial<Record<SocialPlatform, string>>;
}

const REPAIR_ROUNDS = 1;

const CreatorState = Annotation.Root({
  messages: Annotation<ChatMessage[]>({
    reducer: (current, update) => current.concat(update),
    default: () => [],
  }),
  pendingCalls: Annotation<ToolCall[]>({ reducer: (_, update) => update, default: () => [] }),
  draft: Annotation<CreatedDraft | null>({ reducer: (_, update) => update, default: () => null }),
  repairs: Annotation<number>({ reducer: (_, update) => update, default: () => 0 }),
  suggestions: Annotation<HashtagSuggestion[]>({ reducer: (_, update) => update, default: () => [] }),
  memoriesUsed: Annotation<string[]>({
    reducer: (current, update) => [...new Set(current.concat(update))],
    default: () => [],
  }),
  notes: Annotation<string[]>({ reducer: (_, update) => update, default: () => [] }),
  postId: Annotation<string | null>({ reducer: (_, update) => update, default: () => null }),
});
type State = typeof CreatorState.State;

export function parseCreatorInput(input: Readonly<Record<string, unknown>>): ContentCreatorInput {
  return {
    topic: text(input, 'topic', 500),
    platforms: platforms(input),
    brief: optionalText(input, 'brief', 4000),
    callToAction: optionalText(input, 'callToAction', 300),
    link: optionalText(input, 'link', 2000),
    createDraft: bool(input, 'createDraft', true),
  };
}

export function parseDraft(value: Record<string, unknown>, wanted: readonly SocialPlatform[]): CreatedDraft {
  const variants: Partial<Record<SocialPlatform, string>> = {};
  const rawVariants = value.variants ?? {};
  if (typeof rawVariants !== 'object' || rawVariants === null || Array.isArray(rawVariants))
    throw invalid('"variants" must be an object');
  for (const [platform, variant] of Object.entries(rawVariants)) {
    if (!wanted.includes(platform as SocialPlatform)) continue;
    if (typeof variant !== 'string' || variant.trim() === '')
      throw invalid(`variant "${platform}" must be a non-empty string`);
    variants[platform as SocialPlatform] = variant.trim();
  }
  return {
    text: stringField(value, 'text'),
    hashtags: stringList(value, 'hashtags', 30)
      .map((tag) => tag.replace(/^#+/, ''))
      .filter((tag) => /^[\p{L}\p{N}_]+$/u.test(tag)),
    callToAction: stringField(value, 'callToAction'),
    variants,
  };
}

/**
 * Writes one post for the requested platforms in the organization's brand voice, grounded in its
 * memory and its own hashtag history, checks it against each platform's rules (one repair round),
 * then saves it as a draft through the normal DraftPost command: a person reviews and schedules it.
 */
export async function createContent(run: AgentRun, input: ContentCreatorInput, services: AgentServices) {
  const graph = new StateGraph(CreatorState)
    .addNode('recall', async () => {
      const voice = await recall(run, services, 'brand_voice', input.topic, 5);
      const similar = await recall(run, services, 'content_history', input.topic, 5);
      const suggestions = await suggestFromHistory(run, services, input.topic);
      return {
        suggestions,
        memoriesUsed: [...voice, ...similar].map((hit) => hit.id),
        messages: [
          {
            role: 'system' as const,
            content: creatorSystemPrompt(input.platforms, voice, similar, suggestions),
          },
          { role: 'user' as const, content: creatorUserPrompt(input) },
        ],
      };
    })
    .addNode('write', async (state: State) => {
      const response = await run.chat('content_creator.write', {
        messages: state.messages,
        tools: [SEARCH_MEMORY_TOOL],
        temperature: 0.7,
      });
      const reply: ChatMessage = {
        role: 'assistant',
        content: response.content,
        toolCalls: response.toolCalls,
      };
      if (response.toolCalls.length > 0)
        return { messages: [reply], pendingCalls: [...response.toolCalls], draft: null };
      try {
        return {
          messages: [reply],
          pendingCalls: [],
          draft: parseDraft(parseJsonObject(response.content), input.platforms),
        };
      } catch (error) {
        if (state.repairs >= REPAIR_ROUNDS) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        return {
          messages: [
            reply,
            {
              role: 'user' as const,
              content: `That answer could not be used (${reason}). Reply with the JSON object only.`,
            },
          ],
          repairs: state.repairs + 1,
          draft: null,
        };
      }
    })
    .addNode('tools', async (state: State) => {
      const answers: ChatMessage[] = [];
      for (const call of state.pendingCalls) {
        const content =
          call.name === SEARCH_MEMORY_TOOL.name
            ? await answerMemoryTool(run, services, call.arguments)
            : JSON.stringify({ error: `unknown tool ${call.name}` });
        answers.push({ role: 'tool', toolCallId: call.id, content });
      }
      return { messages: answers, pendingCalls: [] };
    })
    .addNode('check', async (state: State) => {
      const draft = state.draft;
      if (draft === null) return {};
      const { issues, notes } = checkAgainstPlatforms(
        toContent(draft, input),
        toVariants(draft),
        input.platforms,
      );
      await run.step(
        'content_creator.check',
        issues.length === 0 ? 'fits every platform' : issues.join(' | '),
      );
      if (issues.length === 0 || state.repairs >= REPAIR_ROUNDS) return { notes: [...notes, ...issues] };
      return {
        notes,
        draft: null,
        repairs: state.repairs + 1,
        messages: [
          {
            role: 'user' as const,
            content: `Fix these problems and answer with the whole JSON object again:\n${issues.join('\n')}`,
          },
        ],
      };
    })
    .addNode('save', async (state: State) => {
      const draft = state.draft;
      if (draft === null || !input.createDraft) return {};
      const result = await run.tool(
        'posts.draft',
        { platforms: input.platforms, hashtags: draft.hashtags },
        () =>
          services.commands.execute(
            new DraftPostCommand(
              run.task.organizationId,
              'editor',
              toContent(draft, input),
              toVariants(draft),
              agentMetadata(run.task),
            ),
          ),
        (outcome) => ({ postId: outcome.postId }),
      );
      return { postId: result.postId };
    })
    .addEdge(START, 'recall')
    .addEdge('recall', 'write')
    .addConditionalEdges(
      'write',
      (state: State) => (state.pendingCalls.length > 0 ? 'tools' : state.draft === null ? 'write' : 'check'),
      ['tools', 'write', 'check'],
    )
    .addEdge('tools', 'write')
    .addConditionalEdges('check', (state: State) => (state.draft === null ? 'write' : 'save'), [
      'write',
      'save',
    ])
    .addEdge('save', END)
    .compile();

  const final = await graph.invoke({}, { signal: run.signal, recursionLimit: 50 });
  const draft = final.draft;
  if (draft === null) throw invalid('no draft was produced');
  return {
    postId: final.postId,
    text: draft.text,
    hashtags: draft.hashtags,
    callToAction: draft.callToAction,
    variants: draft.variants,
    hashtagSuggestions: final.suggestions,
    memoriesUsed: final.memoriesUsed,
    notes: final.notes,
  };
}

/** The call to action is part of the text the model writes; hashtags travel as the post's list. */
function toContent(draft: CreatedDraft, input: ContentCreatorInput): PostContent {
  return {
    text: draft.text,
    title: null,
    media: [],
    hashtags: draft.hashtags,
    mentions: [],
    links: input.link === null ? [] : [input.link],
  };
}

function toVariants(draft: CreatedDraft): PlatformVariants {
  return Object.fromEntries(
    Object.entries(draft.variants).map(([platform, variantText]) => [platform, { text: variantText }]),
  );
}

export const contentCreatorAgent = defineAgent({
  kind: 'content_creator',
  generative: true,
  parseInput: parseCreatorInput,
  run: createContent,
});
