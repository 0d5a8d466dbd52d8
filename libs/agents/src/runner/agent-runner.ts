import {
  type AgentTaskKind,
  CompleteAgentTaskCommand,
  FailAgentTaskCommand,
  RequestAgentTaskCommand,
  StartAgentTaskCommand,
} from '@herald/agent-tasks';
import type { RecordedEvent } from '@herald/event-store';
import { type Clock, HeraldError, isHeraldError, systemClock } from '@herald/shared-kernel';
import type { LlmClient } from '../llm/llm.port';
import { ModelPricing } from '../llm/model-pricing';
import {
  AgentRun,
  DEFAULT_RUN_LIMITS,
  notConfigured,
  type RunLimits,
  type RunScope,
  SpentTokens,
} from './agent-run';
import {
  type AgentDefinition,
  type AgentResult,
  type AgentServices,
  AwaitingApproval,
} from './agent-definition';
import { type AgentTask, agentMetadata, agentTaskFromRequested } from './agent-task';
import type { CommandDispatcher } from './command-dispatcher.port';
import { TaskRecorder } from './task-recorder';
import type { TokenAllowance, TokenBudget } from './token-budget.port';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { type ApprovalDecision, ContentWorkflow } from '../workflow/content-workflow';
import type { ScheduleSink } from '../workflow/schedule-sink.port';

export type RunOutcome =
  | { readonly status: 'completed'; readonly taskId: string; readonly result: AgentResult }
  | { readonly status: 'failed'; readonly taskId: string; readonly code: string; readonly message: string }
  | { readonly status: 'cancelled'; readonly taskId: string }
  | { readonly status: 'awaiting_approval'; readonly taskId: string; readonly proposal: unknown }
  | { readonly status: 'skipped'; readonly taskId: string; readonly reason: string };

export interface AgentRunnerDeps {
  readonly commands: CommandDispatcher;
  readonly services: Omit<AgentServices, 'commands' | 'clock'>;
  readonly llm: LlmClient | null;
  readonly budget: TokenBudget;
  readonly agents: readonly AgentDefinition<unknown>[];
  readonly clock?: Clock;
  readonly pricing?: ModelPricing;
  readonly limits?: Partial<RunLimits>;
  readonly workflow?: {
    readonly schedule?: ScheduleSink | null;
    readonly checkpointer?: BaseCheckpointSaver;
  };
}

const RETRYABLE = new Set([
  'AI.RATE_LIMITED',
  'AI.PROVIDER_ERROR',
  'AI.TIMEOUT',
  'AI.INVALID_RESPONSE',
  'AI.MEMORY_UNAVAILABLE',
]);
/** Another worker (or an earlier delivery) owns the task: not ours to run or to fail. */
const NOT_OURS = new Set([
  'AGENT_TASK.ALREADY_STARTED',
  'AGENT_TASK.ALREADY_FINISHED',
  'AGENT_TASK.NOT_FOUND',
  'NOT_FOUND',
]);

/**
 * The agent saga: an `agentTask.requested` event starts the agent's graph; every step, tool call,
 * model, token count and cost goes onto the task's stream through the agent-tasks commands; the
 * run ends completed, failed (with a code and whether a retry may help) or cancelled. Delivery is
 * at least once: a task already started elsewhere is skipped, never run twice.
 */
export class AgentRunner {
  readonly clock: Clock;
  readonly limits: RunLimits;
  private readonly pricing: ModelPricing;
  private readonly agents: ReadonlyMap<AgentTaskKind, AgentDefinition<unknown>>;
  private readonly running = new Map<string, AbortController>();
  private readonly workflow: ContentWorkflow;

  constructor(private readonly deps: AgentRunnerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.limits = { ...DEFAULT_RUN_LIMITS, ...deps.limits };
    this.pricing = deps.pricing ?? new ModelPricing();
    this.workflow = new ContentWorkflow(this, {
      schedule: deps.workflow?.schedule ?? null,
      checkpointer: deps.workflow?.checkpointer,
    });
    this.agents = new Map(
      [...deps.agents, this.workflow.definition as AgentDefinition<unknown>].map((agent) => [
        agent.kind,
        agent,
      ]),
    );
  }

  allowance(organizationId: string): Promise<TokenAllowance> {
    return this.deps.budget.allowance(organizationId, this.clock.now());
  }

  /** A person's approval or rejection of a content workflow waiting at its approval step. */
  decide(taskId: string, decision: ApprovalDecision): Promise<RunOutcome> {
    return this.workflow.decide(taskId, decision);
  }

  isWaitingForApproval(taskId: string): Promise<boolean> {
    return this.workflow.isWaiting(taskId);
  }

  get services(): AgentServices {
    return { ...this.deps.services, commands: this.deps.commands, clock: this.clock };
  }

  get llm(): LlmClient | null {
    return this.deps.llm;
  }

  get commands(): CommandDispatcher {
    return this.deps.commands;
  }

  /** Feed it the agent-task events (from the log or Kafka); others are ignored. */
  async handle(event: RecordedEvent): Promise<RunOutcome | null> {
    if (event.type === 'agentTask.cancelled') {
      const taskId = (event.data as { taskId?: unknown }).taskId;
      if (typeof taskId === 'string') await this.cancel(taskId);
      return null;
    }
    const task = agentTaskFromRequested(event);
    // Children are driven by the workflow that requested them, in its own run.
    if (task === null || task.parentTaskId !== null) return null;
    return this.run(task);
  }

  async cancel(taskId: string): Promise<void> {
    this.running.get(taskId)?.abort(new HeraldError('AI.CANCELLED', 'The agent task was cancelled.'));
    await this.workflow.discard(taskId);
  }

  /** Stops every run (process shutdown): each ends failed as retryable, nothing is left half-written. */
  close(): void {
    for (const controller of this.running.values())
      controller.abort(new HeraldError('AI.TIMEOUT', 'The worker shut down.', { shutdown: true }));
  }

  async run(task: AgentTask): Promise<RunOutcome> {
    const agent = this.agents.get(task.kind);
    if (agent === undefined)
      return this.fail(
        task,
        new HeraldError('AI.INPUT_INVALID', `No agent runs tasks of kind ${task.kind} here.`, {
          field: 'kind',
        }),
      );
    let input: unknown;
    try {
      input = agent.parseInput(task.input);
      if (agent.generative && this.deps.llm === null) throw notConfigured();
    } catch (error) {
      return this.fail(task, error);
    }
    const allowance = await this.allowance(task.organizationId);
    if (agent.generative && allowance.usedTokens >= allowance.budgetTokens) {
      return this.fail(
        task,
        new HeraldError(
          'AI.BUDGET_EXCEEDED',
          "The organization has used its plan's AI tokens for this month.",
          {
            budgetTokens: allowance.budgetTokens,
            usedTokens: allowance.usedTokens,
            scope: 'month',
          },
        ),
      );
    }
    return this.withDeadline(task, { spent: new SpentTokens(), allowance }, async (scope) => {
      if (!(await this.start(task)))
        return { status: 'skipped', taskId: task.taskId, reason: 'already started or finished' };
      const outcome = await this.execute(task, agent, input, scope);
      if (outcome instanceof AwaitingApproval)
        return { status: 'awaiting_approval', taskId: task.taskId, proposal: outcome.proposal };
      return { status: 'completed', taskId: task.taskId, result: outcome };
    });
  }

  /**
   * Requests, starts and runs a child task of a workflow inside the parent's scope; its own
   * stream records its steps, model, tokens and cost. A child failure fails the parent.
   */
  async runChild(
    parent: AgentTask,
    kind: AgentTaskKind,
    input: Readonly<Record<string, unknown>>,
    scope: RunScope,
  ): Promise<{ taskId: string; result: AgentResult }> {
    const agent = this.agents.get(kind);
    if (agent === undefined)
      throw new HeraldError('AI.INPUT_INVALID', `No agent runs tasks of kind ${kind} here.`, {
        field: 'kind',
      });
    const { taskId } = await this.deps.commands.execute(
      new RequestAgentTaskCommand(kind, input, null, agentMetadata(parent), parent.taskId),
    );
    const child: AgentTask = { ...parent, taskId, kind, input, parentTaskId: parent.taskId };
    try {
      const parsed = agent.parseInput(input);
      if (agent.generative && this.deps.llm === null) throw notConfigured();
      await this.start(child);
      const result = await this.execute(child, agent, parsed, scope);
      if (result instanceof AwaitingApproval)
        throw new HeraldError('AI.INPUT_INVALID', 'A child task cannot wait for an approval.');
      return { taskId, result };
    } catch (error) {
      await this.recordFailure(child, this.reasonOf(error, scope.signal));
      throw error;
    }
  }

  /** Runs `work` under the task's deadline and cancellation, and turns its end into the task's last event. */
  async withDeadline(
    task: AgentTask,
    budget: Omit<RunScope, 'signal'>,
    work: (scope: RunScope) => Promise<RunOutcome>,
  ): Promise<RunOutcome> {
    const controller = new AbortController();
    this.running.set(task.taskId, controller);
    const timer = setTimeout(
      () =>
        controller.abort(
          new HeraldError('AI.TIMEOUT', `The task ran longer than ${this.limits.timeoutMs} ms.`, {
            timeoutMs: this.limits.timeoutMs,
          }),
        ),
      this.limits.timeoutMs,
    );
    try {
      return await work({ ...budget, signal: controller.signal });
    } catch (error) {
      const reason = this.reasonOf(error, controller.signal);
      if (isHeraldError(reason, 'AI.CANCELLED')) return { status: 'cancelled', taskId: task.taskId };
      return this.fail(task, reason);
    } finally {
      clearTimeout(timer);
      this.running.delete(task.taskId);
    }
  }

  /** Runs one agent on a started task and completes it with its usage. */
  async execute(
    task: AgentTask,
    agent: AgentDefinition<unknown>,
    input: unknown,
    scope: RunScope,
  ): Promise<AgentResult | AwaitingApproval> {
    const run = this.newRun(task, scope);
    const result = await agent.run(run, input, this.services);
    if (result instanceof AwaitingApproval) return result;
    await this.complete(task, run, result);
    return result;
  }

  newRun(task: AgentTask, scope: RunScope): AgentRun {
    return new AgentRun(task, {
      llm: this.deps.llm,
      pricing: this.pricing,
      recorder: new TaskRecorder(task, this.deps.commands),
      signal: scope.signal,
      limits: this.limits,
      allowance: scope.allowance,
      spent: scope.spent,
      clock: this.clock,
    });
  }

  async complete(task: AgentTask, run: AgentRun, result: AgentResult): Promise<void> {
    run.throwIfAborted();
    const { usage } = run;
    await this.deps.commands.execute(
      new CompleteAgentTaskCommand(
        task.taskId,
        result,
        usage.model ?? this.deps.llm?.model ?? 'none',
        usage.tokensIn,
        usage.tokensOut,
        usage.costUsdMicros,
        null,
        agentMetadata(task),
      ),
    );
  }

  private async start(task: AgentTask): Promise<boolean> {
    try {
      await this.deps.commands.execute(new StartAgentTaskCommand(task.taskId, null, agentMetadata(task)));
      return true;
    } catch (error) {
      if (isHeraldError(error) && NOT_OURS.has(error.code)) return false;
      throw error;
    }
  }

  async fail(task: AgentTask, error: unknown): Promise<RunOutcome> {
    const reason = isHeraldError(error)
      ? error
      : new HeraldError('INTERNAL', error instanceof Error ? error.message : String(error));
    await this.recordFailure(task, reason);
    return { status: 'failed', taskId: task.taskId, code: reason.code, message: reason.message };
  }

  private async recordFailure(task: AgentTask, error: unknown): Promise<void> {
    const code = isHeraldError(error) ? error.code : 'INTERNAL';
    if (code === 'AI.CANCELLED') return;
    const message = error instanceof Error ? error.message : String(error);
    try {
      await this.deps.commands.execute(
        new FailAgentTaskCommand(
          task.taskId,
          `${code}: ${message}`.slice(0, 200),
          RETRYABLE.has(code),
          null,
          agentMetadata(task),
        ),
      );
    } catch (failure) {
      // Cancelled or finished meanwhile: its stream already ends; anything else is a real fault.
      if (!(isHeraldError(failure) && NOT_OURS.has(failure.code))) throw failure;
    }
  }

  /** An aborted graph throws the SDK's AbortError; the signal's reason says why it stopped. */
  private reasonOf(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted && !isHeraldError(error, 'AI.MAX_STEPS')) return signal.reason;
    return error;
  }
}
