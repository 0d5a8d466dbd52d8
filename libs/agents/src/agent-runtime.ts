import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { Clock, HeraldConfig } from '@herald/shared-kernel';
import { ALL_AGENTS } from './agents/all-agents';
import type { Embedder } from './embeddings/embedder.port';
import { HashingEmbedder } from './embeddings/hashing-embedder';
import { OpenAiEmbedder } from './embeddings/openai-embedder';
import { type LlmSettings, llmSettingsFrom } from './llm/llm-settings';
import type { LlmClient } from './llm/llm.port';
import { OpenAiChatClient } from './llm/openai/openai-chat.client';
import { ChromaVectorMemory } from './memory/chroma/chroma-vector-memory';
import { InMemoryVectorMemory } from './memory/in-memory/in-memory-vector-memory';
import type { VectorMemory } from './memory/vector-memory.port';
import type { RunLimits } from './runner/agent-run';
import { AgentRunner } from './runner/agent-runner';
import type { CommandDispatcher } from './runner/command-dispatcher.port';
import type { TokenBudget } from './runner/token-budget.port';
import type { BestTimeSource } from './stats/best-time.port';
import type { PerformanceSource } from './stats/performance.port';
import type { ScheduleSink } from './workflow/schedule-sink.port';
import { openSqliteWorkflowCheckpointer } from './workflow/sqlite-workflow-checkpointer';

export type AgentsConfig = Pick<
  HeraldConfig,
  'openaiBaseUrl' | 'openaiApiKey' | 'openaiModel' | 'llmConfigured' | 'vectorMemory' | 'chromaUrl'
>;

export interface AgentRuntimeOptions {
  readonly config: AgentsConfig;
  readonly commands: CommandDispatcher;
  readonly budget: TokenBudget;
  readonly bestTime?: BestTimeSource | null;
  readonly performance?: PerformanceSource | null;
  readonly schedule?: ScheduleSink | null;
  readonly checkpointer?: BaseCheckpointSaver;
  /**
   * A SQLite file (e.g. `<dataDir>/agent-workflows.sqlite`) for the workflows' checkpoints, used
   * when no checkpointer is given: approvals then survive a worker restart.
   */
  readonly workflowStatePath?: string;
  readonly clock?: Clock;
  readonly limits?: Partial<RunLimits>;
  readonly llm?: Partial<Omit<LlmSettings, 'baseUrl' | 'apiKey' | 'model'>>;
}

export interface AgentRuntime {
  readonly runner: AgentRunner;
  readonly memory: VectorMemory;
  readonly embedder: Embedder;
  readonly llm: LlmClient | null;
  close(): Promise<void>;
}

/**
 * Wires the agents from the validated configuration: the model when one is configured (else
 * generative agents fail with AI.NOT_CONFIGURED), its embeddings or the offline lexical embedder,
 * and Chroma or in-process vectors as VECTOR_MEMORY says. The worker starts it and feeds
 * `runner.handle` the agent-task events.
 */
export function createAgentRuntime(options: AgentRuntimeOptions): AgentRuntime {
  const settings = llmSettingsFrom(options.config, options.llm);
  const llm =
    settings === null
      ? null
      : new OpenAiChatClient(settings, options.clock === undefined ? {} : { clock: options.clock });
  const embedder: Embedder = settings === null ? new HashingEmbedder(512) : new OpenAiEmbedder(settings);
  const memory: VectorMemory =
    options.config.vectorMemory === 'chroma' && options.config.chromaUrl !== undefined
      ? new ChromaVectorMemory({ url: options.config.chromaUrl, embedder })
      : new InMemoryVectorMemory(embedder);
  const durable =
    options.checkpointer === undefined && options.workflowStatePath !== undefined
      ? openSqliteWorkflowCheckpointer(options.workflowStatePath)
      : null;
  const runner = new AgentRunner({
    commands: options.commands,
    llm,
    budget: options.budget,
    agents: ALL_AGENTS,
    clock: options.clock,
    limits: options.limits,
    services: { memory, bestTime: options.bestTime ?? null, performance: options.performance ?? null },
    workflow: {
      schedule: options.schedule ?? null,
      checkpointer: options.checkpointer ?? durable?.checkpointer,
    },
  });
  return {
    runner,
    memory,
    embedder,
    llm,
    close: async () => {
      runner.close();
      await memory.close();
      durable?.close();
    },
  };
}
