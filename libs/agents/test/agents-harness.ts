import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AgentTasksModule, RequestAgentTaskCommand } from '@herald/agent-tasks';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import { type EventStore, type RecordedEvent, SqliteEventStore } from '@herald/event-store';
import { PostsModule } from '@herald/posts';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import { HashingEmbedder } from '../src/embeddings/hashing-embedder';
import { DEFAULT_LLM_TIMEOUTS, type LlmSettings } from '../src/llm/llm-settings';
import type { LlmClient } from '../src/llm/llm.port';
import { OpenAiChatClient } from '../src/llm/openai/openai-chat.client';
import { InMemoryVectorMemory } from '../src/memory/in-memory/in-memory-vector-memory';
import type { VectorMemory } from '../src/memory/vector-memory.port';
import { ALL_AGENTS } from '../src/agents/all-agents';
import { AgentRunner } from '../src/runner/agent-runner';
import type { RunLimits } from '../src/runner/agent-run';
import type { TokenAllowance, TokenBudget } from '../src/runner/token-budget.port';
import type { BestTimeSource } from '../src/stats/best-time.port';
import type { PerformanceSource } from '../src/stats/performance.port';
import type { ScheduleSink } from '../src/workflow/schedule-sink.port';
import type { BaseCheckpointSaver } from '@langchain/langgraph';

export const ORG = '0190f3a4-0000-7000-8000-0000000000a1';
export const OTHER_ORG = '0190f3a4-0000-7000-8000-0000000000b2';
export const NOW = new Date('2026-03-10T09:00:00.000Z');

/** A budget whose figures the test sets: the projection's adapter is tested on its own. */
export class SettableBudget implements TokenBudget {
  constructor(public figures: TokenAllowance = { budgetTokens: 50_000, usedTokens: 0 }) {}
  async allowance(): Promise<TokenAllowance> {
    return this.figures;
  }
}

export interface AgentsHarness {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly clock: FixedClock;
  readonly memory: VectorMemory;
  readonly budget: SettableBudget;
  readonly runner: AgentRunner;
  /** Requests a task as an editor of ORG and returns its `requested` event, as the worker would receive it. */
  request(kind: string, input: Record<string, unknown>, org?: string): Promise<RecordedEvent>;
  events(taskId: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The fake endpoint's base URL; none means no model configured. */
  readonly llmBaseUrl?: string;
  readonly llm?: Partial<LlmSettings>;
  readonly limits?: Partial<RunLimits>;
  readonly bestTime?: BestTimeSource;
  readonly performance?: PerformanceSource;
  readonly schedule?: ScheduleSink;
  readonly checkpointer?: BaseCheckpointSaver;
  readonly memory?: VectorMemory;
}

export const noDelay = async (): Promise<void> => undefined;

export function llmClient(
  baseUrl: string,
  overrides: Partial<LlmSettings> = {},
  delays: number[] = [],
): LlmClient {
  return new OpenAiChatClient(
    {
      baseUrl,
      apiKey: 'sk-test-key',
      model: 'gpt-4o-mini',
      embeddingModel: 'text-embedding-3-small',
      ...DEFAULT_LLM_TIMEOUTS,
      ...overrides,
    },
    { clock: new FixedClock(NOW), delay: async (ms) => void delays.push(ms) },
  );
}

/** The agent-tasks and posts modules on the real embedded stores, the runner wired to them. */
export async function startAgents(options: HarnessOptions = {}): Promise<AgentsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-agents-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
  const clock = new FixedClock(NOW);

  @Module({
    imports: [
      CommandsModule.forRoot({ eventStore: store, clock, ids: uuidV7Generator, idempotency }),
      AgentTasksModule,
      PostsModule,
    ],
  })
  class TestRoot {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(TestRoot, {
    logger: false,
  });
  await app.init();
  const bus = app.get(CommandBus);
  const memory = options.memory ?? new InMemoryVectorMemory(new HashingEmbedder(256));
  const budget = new SettableBudget();
  const runner = new AgentRunner({
    commands: bus,
    llm: options.llmBaseUrl === undefined ? null : llmClient(options.llmBaseUrl, options.llm),
    budget,
    clock,
    limits: options.limits,
    agents: ALL_AGENTS,
    services: {
      memory,
      bestTime: options.bestTime ?? null,
      performance: options.performance ?? null,
    },
    workflow: { schedule: options.schedule ?? null, checkpointer: options.checkpointer },
  });

  const userMetadata = (org: string): RequestMetadata => ({
    tenantId: org,
    actor: { kind: 'user', id: 'user-eve' },
    correlationId: 'corr-eve-1',
    causationId: null,
  });

  return {
    bus,
    store,
    clock,
    memory,
    budget,
    runner,
    request: async (kind, input, org = ORG) => {
      const { taskId } = await bus.execute(
        new RequestAgentTaskCommand(kind, input, 'editor', userMetadata(org)),
      );
      const [requested] = await store.readStream(`agentTask-${taskId}`);
      return requested;
    },
    events: (taskId) => store.readStream(`agentTask-${taskId}`),
    close: async () => {
      runner.close();
      await app.close();
      await idempotency.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const dataOf = <T = Record<string, unknown>>(event: RecordedEvent): T => event.data as T;
