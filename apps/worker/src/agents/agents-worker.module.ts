import path from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AgentTasksModule } from '@herald/agent-tasks';
import {
  analyticsBestTimeSource,
  analyticsPerformanceSource,
  ContentHistoryFeeder,
  createAgentRuntime,
  projectionTokenBudget,
  type AgentRuntime,
} from '@herald/agents';
import { LEASE_MANAGER, type LeaseManager } from '@herald/coordination';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { PostsModule } from '@herald/posts';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { agentTasksQueries } from '@herald/projections/agent-tasks';
import { analyticsQueries } from '@herald/projections/analytics';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, HeraldConfig, type Clock } from '@herald/shared-kernel';
import { READ_STORE } from '../../../api/src/infrastructure/read-store.module';
import { EventConsumers } from '../infrastructure/messaging/event-consumers';
import { PeriodicTask } from '../infrastructure/timers/periodic-task';
import { WORKER_ID, WorkerCoreModule } from '../infrastructure/worker-core.module';
import { WORKER_SETTINGS, type WorkerSettings } from '../worker.settings';
import {
  AGENT_TASK_EVENT_TYPES,
  AgentsWorker,
  CONTENT_HISTORY_EVENT_TYPES,
  ERASURE_EVENT_TYPES,
} from './agents-worker';
import { ReadModelScheduleSink } from './read-model-schedule.sink';

export const AGENT_RUNTIME = Symbol('AgentRuntime');

/**
 * Workflow checkpoints (approvals waiting) live here, in HERALD_DATA_DIR. A decision is recorded on
 * the task's stream by the API and applied by whichever worker replica takes it from the
 * `agents` consumer group, under the task's lease; that replica must read the checkpoint the
 * running replica wrote, so every worker replica mounts the same data directory (the compose
 * file shares one volume, `herald-data`, between api and all workers; SQLite's WAL needs the
 * replicas on one host for that, as with the key vault). A replica that finds no checkpoint fails
 * the task with AI.APPROVAL_NOT_PENDING instead of leaving it running.
 */
export const AGENT_WORKFLOWS_FILE = 'agent-workflows.sqlite';

/** How often abandoned tasks are looked for; a task is abandoned a minute past its run timeout. */
const SWEEP_INTERVAL_MS = 60_000;
const STALE_GRACE_MS = 60_000;

@Injectable()
class AgentsWorkerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AgentsWorker');
  private readonly sweep: PeriodicTask;

  constructor(
    private readonly worker: AgentsWorker,
    private readonly consumers: EventConsumers,
    @Inject(AGENT_RUNTIME) private readonly runtime: AgentRuntime,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {
    this.sweep = new PeriodicTask(
      { name: 'abandoned agent tasks', intervalMs: SWEEP_INTERVAL_MS, stagger: true, log: this.logger },
      () => this.worker.sweepAbandoned(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.subscribe({
      name: 'agents',
      categories: ['agentTask'],
      types: [...AGENT_TASK_EVENT_TYPES],
      handle: async (event) => void (await this.worker.onAgentTaskEvent(event)),
    });
    await this.consumers.subscribe({
      name: 'agents-memory',
      categories: ['post'],
      types: [...CONTENT_HISTORY_EVENT_TYPES],
      handle: (event) => this.worker.onPostEvent(event),
    });
    await this.consumers.subscribe({
      name: 'agents-erasure',
      categories: ['user'],
      types: [...ERASURE_EVENT_TYPES],
      handle: async (event) => void (await this.worker.onUserErased(event)),
    });
    if (this.settings.timers) this.sweep.start();
    if (this.runtime.llm === null)
      this.logger.warn('no OpenAI-compatible endpoint configured: generative agent tasks fail with AI.NOT_CONFIGURED');
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweep.stop();
    await this.runtime.close();
  }
}

/**
 * The AI agents in the worker: the runner on the `agents` consumer group, the content-history
 * feeder on post events, the erasure hook on `user.erased`, and the sweep of abandoned tasks.
 * Model, embeddings and vector memory follow HeraldConfig (OPENAI_*, VECTOR_MEMORY, CHROMA_URL).
 */
@Module({
  imports: [WorkerCoreModule, AgentTasksModule, PostsModule],
  providers: [
    {
      provide: AGENT_RUNTIME,
      inject: [HeraldConfig, CommandBus, READ_STORE, ProjectionCatalog, CLOCK],
      useFactory: (
        config: HeraldConfig,
        commands: CommandBus,
        readStore: ReadStore,
        catalog: ProjectionCatalog,
        clock: Clock,
      ): AgentRuntime => {
        const analytics = analyticsQueries(readStore, catalog);
        return createAgentRuntime({
          config,
          commands,
          clock,
          budget: projectionTokenBudget(agentTasksQueries(readStore, catalog)),
          bestTime: analyticsBestTimeSource(analytics),
          performance: analyticsPerformanceSource(analytics),
          schedule: new ReadModelScheduleSink(catalog, commands),
          workflowStatePath: path.join(config.dataDir, AGENT_WORKFLOWS_FILE),
        });
      },
    },
    {
      provide: AgentsWorker,
      inject: [AGENT_RUNTIME, EVENT_STORE, ProjectionCatalog, CommandBus, LEASE_MANAGER, CLOCK, WORKER_ID, WORKER_SETTINGS],
      useFactory: (
        runtime: AgentRuntime,
        store: EventStore,
        catalog: ProjectionCatalog,
        commands: CommandBus,
        leases: LeaseManager,
        clock: Clock,
        owner: string,
        settings: WorkerSettings,
      ) =>
        new AgentsWorker({
          runner: runtime.runner,
          feeder: new ContentHistoryFeeder({ store, memory: runtime.memory }),
          memory: runtime.memory,
          store,
          catalog,
          commands,
          leases,
          clock,
          owner,
          leasePrefix: settings.leasePrefix,
          leaseTtlMs: settings.leaseTtlMs,
          staleGraceMs: STALE_GRACE_MS,
          log: new Logger('AgentsWorker'),
        }),
    },
    AgentsWorkerLifecycle,
  ],
  exports: [AGENT_RUNTIME, AgentsWorker],
})
export class AgentsWorkerModule {}
