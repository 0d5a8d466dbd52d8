import type { AgentTaskEvent } from '@herald/agent-tasks';
import { isErasedValue } from '@herald/event-store';
import type { OrganizationEvent } from '@herald/organizations';
import { defineProjection, type ProjectionContext } from '@herald/projections-runtime';
import { domainEventOf, typesOf, type EventVersions, type Recorded } from '@herald/projections/support';
import {
  AGENT_TASKS_COLLECTIONS as C,
  AGENT_TASKS_PROJECTION,
  modelUsageId,
  monthlyUsageId,
  utcMonthOf,
  type AgentTaskDocument,
  type ModelUsageDocument,
  type MonthlyUsageDocument,
  type PlanDocument,
} from './agent-tasks.documents';
import { summarizeResult } from './result-summary';

const TASK_VERSIONS: EventVersions<AgentTaskEvent> = {
  'agentTask.requested': 1,
  'agentTask.started': 1,
  'agentTask.stepRecorded': 1,
  'agentTask.toolCallRecorded': 1,
  'agentTask.completed': 1,
  'agentTask.failed': 1,
  'agentTask.cancelled': 1,
  'agentTask.feedbackGiven': 1,
};

type PlanEvent = Extract<OrganizationEvent, { type: 'organization.created' | 'organization.planChanged' }>;
const PLAN_VERSIONS: EventVersions<PlanEvent> = { 'organization.created': 1, 'organization.planChanged': 1 };

/**
 * Agent tasks per organization (status, usage, outcome, feedback) and each organization's AI
 * token usage per UTC month against its plan's budget. Timings are the log's commit instants:
 * agent task events carry none of their own.
 */
export const agentTasksProjection = defineProjection({
  name: AGENT_TASKS_PROJECTION,
  version: 1,
  eventTypes: [...typesOf(TASK_VERSIONS), ...typesOf(PLAN_VERSIONS)],
  collections: Object.values(C),
  async setup(indexes) {
    await indexes.createIndex(C.tasks, { fields: { organizationId: 1, sequence: -1 } });
    await indexes.createIndex(C.tasks, { fields: { parentTaskId: 1 } });
    await indexes.createIndex(C.usage, { fields: { organizationId: 1, month: 1 } });
    await indexes.createIndex(C.modelUsage, { fields: { organizationId: 1, month: 1 } });
  },
  async handle(event, context) {
    const plan = domainEventOf<PlanEvent>(event, PLAN_VERSIONS);
    if (plan !== null) {
      const chosen = plan.type === 'organization.created' ? plan.data.plan : plan.data.to;
      context.replace<PlanDocument>(C.plans, plan.data.organizationId, { plan: chosen });
      return;
    }
    const task = domainEventOf<AgentTaskEvent>(event, TASK_VERSIONS);
    if (task !== null) await applyTask(task, context);
  },
});

const elapsed = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from));

async function requireTask(
  context: ProjectionContext,
  taskId: string,
  type: string,
): Promise<AgentTaskDocument> {
  const task = await context.get<AgentTaskDocument>(C.tasks, taskId);
  if (task === null)
    throw new Error(`${type} at position ${context.position} for task ${taskId}, which was never requested`);
  return task;
}

/** Finishing fields, derived from the task's own document (a replay's write is then skipped). */
async function finish(
  context: ProjectionContext,
  event: Recorded<AgentTaskEvent>,
  taskId: string,
): Promise<{ task: AgentTaskDocument; finished: Pick<AgentTaskDocument, 'finishedAt' | 'durationMs'> }> {
  const task = await requireTask(context, taskId, event.type);
  const finishedAt = event.envelope.occurredAt;
  return {
    task,
    finished: { finishedAt, durationMs: elapsed(task.startedAt ?? task.requestedAt, finishedAt) },
  };
}

async function applyTask(event: Recorded<AgentTaskEvent>, context: ProjectionContext): Promise<void> {
  const at = event.envelope.occurredAt;
  switch (event.type) {
    case 'agentTask.requested': {
      const { taskId, organizationId, kind, requestedBy, parentTaskId } = event.data;
      context.replace<AgentTaskDocument>(C.tasks, taskId, {
        organizationId,
        kind,
        status: 'requested',
        requestedBy,
        requesterKind: event.envelope.metadata.actor.kind,
        parentTaskId,
        children: 0,
        sequence: context.position,
        requestedAt: at,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        steps: 0,
        lastStep: null,
        toolCalls: 0,
        failedToolCalls: 0,
        toolTimeMs: 0,
        model: null,
        tokensIn: 0,
        tokensOut: 0,
        costUsdMicros: 0,
        resultSummary: null,
        failure: null,
        cancellation: null,
        feedback: null,
      });
      if (parentTaskId !== null)
        context.updateMany<AgentTaskDocument>(C.tasks, { _id: parentTaskId }, { $inc: { children: 1 } });
      return;
    }
    case 'agentTask.started':
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: event.data.taskId },
        { $set: { status: 'running', startedAt: at } },
      );
      return;
    case 'agentTask.stepRecorded':
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: event.data.taskId },
        {
          $inc: { steps: 1 },
          $set: { lastStep: { name: event.data.name, summary: event.data.summary } },
        },
      );
      return;
    case 'agentTask.toolCallRecorded':
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: event.data.taskId },
        {
          $inc: { toolCalls: 1, failedToolCalls: event.data.ok ? 0 : 1, toolTimeMs: event.data.durationMs },
        },
      );
      return;
    case 'agentTask.completed': {
      const { taskId, model, tokensIn, tokensOut, costUsdMicros, result } = event.data;
      const { task, finished } = await finish(context, event, taskId);
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: taskId },
        {
          $set: {
            status: 'completed',
            ...finished,
            model,
            tokensIn,
            tokensOut,
            costUsdMicros,
            resultSummary: summarizeResult(result),
          },
        },
      );
      const month = utcMonthOf(at);
      const figures = { tokensIn, tokensOut, costUsdMicros, completedTasks: 1 };
      const byKind = Object.fromEntries(
        Object.entries(figures).map(([field, value]) => [`byKind.${task.kind}.${field}`, value]),
      );
      context.upsert<MonthlyUsageDocument>(C.usage, monthlyUsageId(task.organizationId, month), {
        $setOnInsert: { organizationId: task.organizationId, month },
        $inc: { ...figures, ...byKind },
      });
      context.upsert<ModelUsageDocument>(C.modelUsage, modelUsageId(task.organizationId, month, model), {
        $setOnInsert: { organizationId: task.organizationId, month, model },
        $inc: figures,
      });
      return;
    }
    case 'agentTask.failed': {
      const { finished } = await finish(context, event, event.data.taskId);
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: event.data.taskId },
        {
          $set: {
            status: 'failed',
            ...finished,
            failure: { reason: event.data.reason, retryable: event.data.retryable },
          },
        },
      );
      return;
    }
    case 'agentTask.cancelled': {
      const { finished } = await finish(context, event, event.data.taskId);
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: event.data.taskId },
        {
          $set: {
            status: 'cancelled',
            ...finished,
            cancellation: { cancelledBy: event.data.cancelledBy, reason: event.data.reason },
          },
        },
      );
      return;
    }
    case 'agentTask.feedbackGiven': {
      const { taskId, rating, used, givenBy } = event.data;
      const comment: unknown = event.data.comment;
      const erased = isErasedValue(comment);
      const subject =
        event.envelope.personalFields.find((field) => field.path === 'comment')?.subjectId ?? null;
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: taskId },
        {
          $set: {
            feedback: {
              rating,
              comment: typeof comment === 'string' ? comment : null,
              commentErased: erased,
              commentSubjectId: subject,
              used,
              givenBy,
              givenAt: at,
            },
          },
        },
      );
      return;
    }
  }
}
