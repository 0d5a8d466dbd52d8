import type { AgentTaskEvent, AgentTaskKind } from '@herald/agent-tasks';
import type { OrganizationEvent } from '@herald/organizations';

type TaskEventOf<T extends AgentTaskEvent['type']> = Extract<AgentTaskEvent, { type: T }>;
type OrganizationEventOf<T extends OrganizationEvent['type']> = Extract<OrganizationEvent, { type: T }>;

/** Agent task events with the payloads the decider emits, typed by the context's union. */
export const taskEvents = {
  requested(
    taskId: string,
    organizationId: string,
    kind: AgentTaskKind,
    requestedBy = 'user-editor',
    parentTaskId: string | null = null,
  ): TaskEventOf<'agentTask.requested'> {
    return {
      type: 'agentTask.requested',
      schemaVersion: 1,
      data: { taskId, organizationId, kind, input: { topic: 'spring' }, requestedBy, parentTaskId },
    };
  },
  started(taskId: string): TaskEventOf<'agentTask.started'> {
    return { type: 'agentTask.started', schemaVersion: 1, data: { taskId, startedBy: 'agent-runtime' } };
  },
  step(taskId: string, index: number, name: string): TaskEventOf<'agentTask.stepRecorded'> {
    return {
      type: 'agentTask.stepRecorded',
      schemaVersion: 1,
      data: { taskId, index, name, summary: `did ${name}` },
    };
  },
  toolCall(
    taskId: string,
    index: number,
    ok: boolean,
    durationMs: number,
  ): TaskEventOf<'agentTask.toolCallRecorded'> {
    return {
      type: 'agentTask.toolCallRecorded',
      schemaVersion: 1,
      data: {
        taskId,
        index,
        tool: 'search',
        arguments: { q: 'x' },
        result: ok ? ['hit'] : null,
        ok,
        durationMs,
      },
    };
  },
  completed(
    taskId: string,
    model: string,
    tokensIn: number,
    tokensOut: number,
    costUsdMicros: number,
    result: unknown = { summary: 'Three drafts ready' },
  ): TaskEventOf<'agentTask.completed'> {
    return {
      type: 'agentTask.completed',
      schemaVersion: 1,
      data: { taskId, result, model, tokensIn, tokensOut, costUsdMicros },
    };
  },
  failed(taskId: string, reason: string): TaskEventOf<'agentTask.failed'> {
    return { type: 'agentTask.failed', schemaVersion: 1, data: { taskId, reason, retryable: false } };
  },
  cancelled(taskId: string): TaskEventOf<'agentTask.cancelled'> {
    return {
      type: 'agentTask.cancelled',
      schemaVersion: 1,
      data: { taskId, cancelledBy: 'user-editor', reason: 'not needed' },
    };
  },
  feedback(
    taskId: string,
    rating: number,
    comment: string | null,
    givenBy = 'user-editor',
  ): TaskEventOf<'agentTask.feedbackGiven'> {
    return {
      type: 'agentTask.feedbackGiven',
      schemaVersion: 1,
      data: { taskId, rating, comment, used: true, givenBy },
      ...(comment === null ? {} : { personalFields: [{ path: 'comment', subjectId: givenBy }] }),
    };
  },
  approvalRequested(taskId: string, postId: string): TaskEventOf<'agentTask.approvalRequested'> {
    return {
      type: 'agentTask.approvalRequested',
      schemaVersion: 1,
      data: { taskId, proposal: { postId, text: 'Picnic season', slots: [] } },
    };
  },
  approvalDecided(
    taskId: string,
    decision: 'approve' | 'reject',
    comment: string | null,
    decidedBy = 'user-manager',
  ): TaskEventOf<'agentTask.approvalDecided'> {
    const approved = decision === 'approve';
    return {
      type: 'agentTask.approvalDecided',
      schemaVersion: 1,
      data: {
        taskId,
        decision,
        decidedBy,
        approverRole: 'manager',
        comment,
        at: approved ? '2030-01-16T17:00:00.000Z' : null,
        timeZone: approved ? 'Europe/Paris' : null,
      },
      ...(comment === null ? {} : { personalFields: [{ path: 'comment', subjectId: decidedBy }] }),
    };
  },
};

export const planEvents = {
  changed(
    organizationId: string,
    from: OrganizationEventOf<'organization.planChanged'>['data']['from'],
    to: OrganizationEventOf<'organization.planChanged'>['data']['to'],
  ): OrganizationEventOf<'organization.planChanged'> {
    return { type: 'organization.planChanged', schemaVersion: 1, data: { organizationId, from, to } };
  },
};
