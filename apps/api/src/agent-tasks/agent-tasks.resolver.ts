import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CancelAgentTaskCommand,
  GiveAgentTaskFeedbackCommand,
  RequestAgentTaskCommand,
  type AgentTaskCommandResult,
} from '@herald/agent-tasks';
import { MEMBER_ROLES } from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import {
  agentTasksQueries,
  type AgentTasksQueries,
  type AgentTaskView,
  type MonthlyUsage,
} from '@herald/projections/agent-tasks';
import type { ReadStore } from '@herald/read-store';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import { commandMetadata, type HeraldRequestContext } from '../graphql/request-context';
import { READ_STORE } from '../infrastructure/read-store.module';
import { memberOf } from './member-of';
import {
  AgentTaskArgs,
  AgentTasksArgs,
  AiUsageArgs,
  CancelAgentTaskArgs,
  RateAgentTaskArgs,
  RequestAgentTaskArgs,
} from './agent-task.inputs';
import { AgentTask, AgentTaskChange, AgentTaskPage, AiUsage } from './agent-task.models';

/** Reads from the agent-tasks projection; changes through @herald/agent-tasks commands, which check roles and tenancy. */
@Resolver(() => AgentTask)
export class AgentTasksResolver {
  private readonly queries: AgentTasksQueries;

  constructor(
    private readonly commandBus: CommandBus,
    catalog: ProjectionCatalog,
    @Inject(READ_STORE) readStore: ReadStore,
  ) {
    this.queries = agentTasksQueries(readStore, catalog);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => AgentTaskPage, { description: "Your organization's agent tasks, newest request first." })
  async agentTasks(
    @Args() args: AgentTasksArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AgentTaskPage> {
    const page = await this.queries.list({
      organizationId: memberOf(context).organizationId,
      ...(args.status ? { status: args.status } : {}),
      ...(args.kind ? { kind: args.kind } : {}),
      ...(args.requestedBy ? { requestedBy: args.requestedBy } : {}),
      parentTaskId: args.parentTaskId ?? null,
      ...(args.limit != null ? { limit: args.limit } : {}),
      after: args.after ?? null,
    });
    return { items: page.items.map(toAgentTask), nextCursor: page.nextCursor };
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => AgentTask, {
    description: "One of your organization's agent tasks; any other id is NOT_FOUND.",
  })
  async agentTask(
    @Args() args: AgentTaskArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AgentTask> {
    return toAgentTask(
      await this.queries.get({ organizationId: memberOf(context).organizationId, taskId: args.id }),
    );
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => AiUsage, { description: "A month's AI usage of your organization against its plan's budget." })
  async aiUsage(
    @Args() args: AiUsageArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AiUsage> {
    return toAiUsage(
      await this.queries.monthlyUsage({
        organizationId: memberOf(context).organizationId,
        month: args.month,
      }),
    );
  }

  @RequireRole('admin', 'manager', 'editor')
  @Mutation(() => AgentTaskChange, {
    description: 'Asks an agent for work; it runs in the background (watch agentTaskProgress).',
  })
  requestAgentTask(
    @Args() args: RequestAgentTaskArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AgentTaskCommandResult> {
    const { role } = memberOf(context);
    return this.commandBus.execute<RequestAgentTaskCommand, AgentTaskCommandResult>(
      new RequestAgentTaskCommand(
        args.kind,
        args.input,
        role,
        commandMetadata(context, { idempotencyKey: args.idempotencyKey }),
      ),
    );
  }

  @RequireRole('admin', 'manager', 'editor')
  @Mutation(() => AgentTaskChange, { description: 'Stops a task that has not finished.' })
  cancelAgentTask(
    @Args() args: CancelAgentTaskArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AgentTaskCommandResult> {
    const { role } = memberOf(context);
    return this.commandBus.execute<CancelAgentTaskCommand, AgentTaskCommandResult>(
      new CancelAgentTaskCommand(
        args.id,
        args.reason ?? null,
        role,
        commandMetadata(context, { idempotencyKey: args.idempotencyKey }),
      ),
    );
  }

  @RequireRole('admin', 'manager', 'editor')
  @Mutation(() => AgentTaskChange, { description: "Rates a finished task's result; it steers future runs." })
  rateAgentTask(
    @Args() args: RateAgentTaskArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AgentTaskCommandResult> {
    const { role } = memberOf(context);
    return this.commandBus.execute<GiveAgentTaskFeedbackCommand, AgentTaskCommandResult>(
      new GiveAgentTaskFeedbackCommand(
        args.id,
        args.rating,
        args.comment ?? null,
        args.used,
        role,
        commandMetadata(context, { idempotencyKey: args.idempotencyKey }),
      ),
    );
  }
}

const instant = (value: string | null): Date | null => (value === null ? null : new Date(value));

function toAgentTask(view: AgentTaskView): AgentTask {
  return {
    id: view.taskId,
    kind: view.kind,
    status: view.status,
    requestedBy: view.requestedBy,
    parentTaskId: view.parentTaskId,
    children: view.children,
    requestedAt: new Date(view.requestedAt),
    startedAt: instant(view.startedAt),
    finishedAt: instant(view.finishedAt),
    durationMs: view.durationMs,
    steps: view.steps,
    lastStep: view.lastStep,
    toolCalls: view.toolCalls,
    model: view.model,
    tokensIn: view.tokensIn,
    tokensOut: view.tokensOut,
    costUsdMicros: view.costUsdMicros,
    resultSummary: view.resultSummary,
    failure: view.failure,
    cancellation: view.cancellation,
    feedback:
      view.feedback === null
        ? null
        : {
            rating: view.feedback.rating,
            comment: view.feedback.comment,
            used: view.feedback.used,
            givenBy: view.feedback.givenBy,
            givenAt: new Date(view.feedback.givenAt),
          },
  };
}

function toAiUsage(usage: MonthlyUsage): AiUsage {
  return {
    month: usage.month,
    plan: usage.plan,
    tokensIn: usage.tokensIn,
    tokensOut: usage.tokensOut,
    costUsdMicros: usage.costUsdMicros,
    completedTasks: usage.completedTasks,
    tokens: usage.tokens,
    budgetTokens: usage.budgetTokens,
    remainingTokens: usage.remainingTokens,
    overBudget: usage.overBudget,
    byKind: Object.entries(usage.byKind).map(([kind, figures]) => ({ kind, ...figures })),
    byModel: usage.byModel,
  };
}
