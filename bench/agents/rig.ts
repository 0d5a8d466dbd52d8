import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AgentTasksModule, RequestAgentTaskCommand } from '@herald/agent-tasks';
import {
  ALL_AGENTS,
  AgentRunner,
  type BestTimeSource,
  DEFAULT_LLM_TIMEOUTS,
  HashingEmbedder,
  InMemoryVectorMemory,
  OpenAiChatClient,
  type ScheduleSink,
  openSqliteWorkflowCheckpointer,
} from '@herald/agents';
import { CommandsModule, SqliteIdempotencyStore } from '@herald/commands';
import { type RecordedEvent, SqliteEventStore } from '@herald/event-store';
import { PostsModule } from '@herald/posts';
import { systemClock, uuidV7Generator } from '@herald/shared-kernel';

export const ORG = '0190f3a4-0000-7000-8000-0000000000a1';

export interface AgentsRig {
  readonly bus: CommandBus;
  readonly store: SqliteEventStore;
  readonly runner: AgentRunner;
  /** Requests a task as an editor, as the GraphQL edge does, and returns its `requested` event. */
  request(kind: string, input: Record<string, unknown>): Promise<RecordedEvent>;
  close(): Promise<void>;
}

/**
 * What the embedded worker runs: the commands pipeline (idempotency, the deciders) over the SQLite
 * event store, the agent runner with the OpenAI client, and the durable workflow checkpointer.
 */
export async function openAgentsRig(options: {
  readonly llmBaseUrl: string;
  readonly bestTime: BestTimeSource;
  readonly schedule: (bus: CommandBus) => ScheduleSink;
}): Promise<AgentsRig> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-agents-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
  const workflows = openSqliteWorkflowCheckpointer(join(dir, 'agent-workflows.sqlite'));

  @Module({
    imports: [
      CommandsModule.forRoot({ eventStore: store, clock: systemClock, ids: uuidV7Generator, idempotency }),
      AgentTasksModule,
      PostsModule,
    ],
  })
  class BenchRoot {}

  const app = await NestFactory.createApplicationContext(BenchRoot, { logger: false });
  await app.init();
  const bus = app.get(CommandBus);
  const llm = new OpenAiChatClient({
    baseUrl: options.llmBaseUrl,
    apiKey: 'sk-bench',
    model: 'gpt-4o-mini',
    embeddingModel: 'text-embedding-3-small',
    ...DEFAULT_LLM_TIMEOUTS,
  });
  const runner = new AgentRunner({
    commands: bus,
    llm,
    budget: { allowance: async () => ({ budgetTokens: Number.MAX_SAFE_INTEGER, usedTokens: 0 }) },
    agents: ALL_AGENTS,
    limits: { timeoutMs: 60_000 },
    services: {
      memory: new InMemoryVectorMemory(new HashingEmbedder(512)),
      bestTime: options.bestTime,
      performance: null,
    },
    workflow: { schedule: options.schedule(bus), checkpointer: workflows.checkpointer },
  });
  return {
    bus,
    store,
    runner,
    request: async (kind, input) => {
      const { taskId } = await bus.execute(
        new RequestAgentTaskCommand(kind, input, 'editor', {
          tenantId: ORG,
          actor: { kind: 'user', id: 'user-eve' },
          correlationId: `bench-${Date.now()}`,
          causationId: null,
        }),
      );
      const [requested] = await store.readStream(`agentTask-${taskId}`);
      return requested;
    },
    close: async () => {
      runner.close();
      await app.close();
      await idempotency.close();
      await store.close();
      workflows.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
