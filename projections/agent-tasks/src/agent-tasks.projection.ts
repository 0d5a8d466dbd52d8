import type { AgentTaskEvent } from '@herald/agent-tasks';
import { isErasedValue } from '@herald/event-store';
import type { UserErased } from '@herald/identity';
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
  type TaskApproval,
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
  'agentTask.approvalRequested': 1,
  'agentTask.approvalDecided': 1,
};
const ERASURE_VERSIONS: EventVersions<UserErased> = { 'user.erased': 1 };

type PlanEvent = Extract<OrganizationEvent, { type: 'organization.created' | 'organization.planChanged' }>;
const PLAN_VERSIONS: EventVersions<PlanEvent> = { 'organization.created': 1, 'organization.planChanged': 1 };

/**
 * Agent tasks per organization (status, usage, outcome, feedback) and each organization's AI
 * token usage per UTC month against its plan's budget. Timings are the log's commit instants:
 * agent task events carry none of their own.
 */
export const agentTasksProjection = defineProjection({
  name: AGENT_TASKS_PROJECTION,
  // 2: approvals, and erasure of approval and feedback comments on `user.erased`.
  version: 2,
  eventTypes: [...typesOf(TASK_VERSIONS), ...typesOf(PLAN_VERSIONS), ...typesOf(ERASURE_VERSIONS)],
  collections: Object.values(C),
  async setup(indexes) {
    await indexes.createIndex(C.tasks, { fields: { organizationId: 1, sequence: -1 } });
    await indexes.createIndex(C.tasks, { fields: { parentTaskId: 1 } });
    await indexes.createIndex(C.usage, { fields: { organizationId: 1, month: 1 } });
    await indexes.createIndex(C.modelUsage, { fields: { organizationId: 1, month: 1 } });
    await indexes.createIndex(C.tasks, { fields: { 'feedback.commentSubjectId': 1 } });
    await indexes.createIndex(C.tasks, { fields: { 'approval.commentSubjectId': 1 } });
  },
  async handle(event, context) {
    const plan = domainEventOf<PlanEvent>(event, PLAN_VERSIONS);
    if (plan !== null) {
      const chosen = plan.type === 'organization.created' ? plan.data.plan : plan.data.to;
      context.replace<PlanDocument>(C.plans, plan.data.organizationId, { plan: chosen });
      return;
    }
    const erased = domainEventOf<UserErased>(event, ERASURE_VERSIONS);
    if (erased !== null) {
      forgetComments(erased.data.userId, context);
      return;
    }
    const task = domainEventOf<AgentTaskEvent>(event, TASK_VERSIONS);
    if (task !== null) await applyTask(task, context);
  },
});

/**
 * The log already reads an erased person's comments back as erased, but a projector that read
 * one just before the key was forgotten may have written it after: `user.erased` comes later in
 * the log, so clearing here wins whatever the timing, and again on every replay.
 */
function forgetComments(subjectId: string, context: ProjectionContext): void {
  for (const field of ['feedback', 'approval'] as const) {
    context.updateMany<AgentTaskDocument>(
      C.tasks,
      { [`${field}.commentSubjectId`]: subjectId },
      { $set: { [`${field}.comment`]: null, [`${field}.commentErased`]: true } },
    );
  }
}

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
        approval: null,
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
    case 'agentTask.approvalRequested': {
      const postId = event.data.proposal.postId;
      const approval: TaskApproval = {
        status: 'pending',
        postId: typeof postId === 'string' && postId !== '' ? postId : null,
        requestedAt: at,
        decidedBy: null,
        decidedAt: null,
        comment: null,
        commentErased: false,
        commentSubjectId: null,
        at: null,
        timeZone: null,
      };
      context.updateMany<AgentTaskDocument>(C.tasks, { _id: event.data.taskId }, { $set: { approval } });
      return;
    }
    case 'agentTask.approvalDecided': {
      const { taskId, decision, decidedBy } = event.data;
      const comment: unknown = event.data.comment;
      const subject =
        event.envelope.personalFields.find((field) => field.path === 'comment')?.subjectId ?? null;
      context.updateMany<AgentTaskDocument>(
        C.tasks,
        { _id: taskId },
        {
          $set: {
            'approval.status': decision === 'approve' ? 'approved' : 'rejected',
            'approval.decidedBy': decidedBy,
            'approval.decidedAt': at,
            'approval.comment': typeof comment === 'string' ? comment : null,
            'approval.commentErased': isErasedValue(comment),
            'approval.commentSubjectId': subject,
            'approval.at': event.data.at,
            'approval.timeZone': event.data.timeZone,
          },
        },
      );
      return;
    }
  }
}
