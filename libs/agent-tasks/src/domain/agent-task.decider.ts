import { type Decider, HeraldError, assertNever } from '@herald/shared-kernel';
import { CONTENT_ROLES } from '@herald/organizations';
import { decideApproval, requestApproval } from './agent-task.approval';
import { AGENT_TASK_KINDS, isAgentTaskKind } from './agent-task-kinds';
import type { AgentTaskCommand } from './agent-task.commands';
import type { AgentTaskEvent } from './agent-task.events';
import { validFeedback, validInput, validLabel, validUsage } from './agent-task.rules';
import { type AgentTaskState, initialAgentTaskState } from './agent-task.state';

type Cmd<T extends AgentTaskCommand['type']> = Extract<AgentTaskCommand, { type: T }>;
type Existing = Exclude<AgentTaskState, { status: 'none' }>;

export const agentTaskDecider: Decider<AgentTaskCommand, AgentTaskEvent, AgentTaskState> = {
  initialState: initialAgentTaskState,

  decide(command, state) {
    if (command.type === 'RequestAgentTask') return request(command, state);
    if (state.status === 'none')
      throw new HeraldError('AGENT_TASK.NOT_FOUND', 'This agent task does not exist.');
    const { taskId } = state;
    switch (command.type) {
      case 'StartAgentTask':
        requireWorker(command);
        if (state.status === 'running') {
          throw new HeraldError('AGENT_TASK.ALREADY_STARTED', 'This task has already been started.', {
            status: state.status,
          });
        }
        requireUnfinished(state);
        return [
          {
            type: 'agentTask.started',
            schemaVersion: 1,
            data: { taskId, startedBy: command.context.actor.id },
          },
        ];
      case 'RecordStep':
        requireWorker(command);
        requireRunning(state);
        return [
          {
            type: 'agentTask.stepRecorded',
            schemaVersion: 1,
            data: {
              taskId,
              index: state.status === 'running' ? state.steps : 0,
              name: validLabel(command.name, 'name'),
              summary: typeof command.summary === 'string' ? command.summary : '',
            },
          },
        ];
      case 'RecordToolCall':
        requireWorker(command);
        requireRunning(state);
        validUsage({ tokensIn: 0, tokensOut: 0, costUsdMicros: 0, durationMs: command.durationMs });
        return [
          {
            type: 'agentTask.toolCallRecorded',
            schemaVersion: 1,
            data: {
              taskId,
              index: state.status === 'running' ? state.toolCalls : 0,
              tool: validLabel(command.tool, 'tool'),
              arguments: command.arguments ?? null,
              result: command.result ?? null,
              ok: command.ok,
              durationMs: command.durationMs,
            },
          },
        ];
      case 'CompleteAgentTask': {
        requireWorker(command);
        requireRunning(state);
        const { tokensIn, tokensOut, costUsdMicros } = command;
        validUsage({ tokensIn, tokensOut, costUsdMicros });
        return [
          {
            type: 'agentTask.completed',
            schemaVersion: 1,
            data: {
              taskId,
              result: command.result ?? null,
              model: validLabel(command.model, 'model'),
              tokensIn,
              tokensOut,
              costUsdMicros,
            },
          },
        ];
      }
      case 'FailAgentTask':
        requireWorker(command);
        requireUnfinished(state);
        return [
          {
            type: 'agentTask.failed',
            schemaVersion: 1,
            data: { taskId, reason: validLabel(command.reason, 'reason'), retryable: command.retryable },
          },
        ];
      case 'CancelAgentTask':
        return cancel(command, state);
      case 'GiveFeedback':
        return feedback(command, state);
      case 'RequestApproval':
        return requestApproval(command, state);
      case 'DecideApproval':
        return decideApproval(command, state);
      default:
        return assertNever(command, 'agent task command');
    }
  },

  evolve(state, event) {
    if (event.type === 'agentTask.requested') {
      const { taskId, kind, requestedBy } = event.data;
      return { status: 'requested', taskId, kind, requestedBy };
    }
    if (state.status === 'none') return state;
    const known = { taskId: state.taskId, kind: state.kind, requestedBy: state.requestedBy };
    switch (event.type) {
      case 'agentTask.started':
        return { ...known, status: 'running', steps: 0, toolCalls: 0, approval: 'none' };
      case 'agentTask.stepRecorded':
        return state.status === 'running' ? { ...state, steps: state.steps + 1 } : state;
      case 'agentTask.toolCallRecorded':
        return state.status === 'running' ? { ...state, toolCalls: state.toolCalls + 1 } : state;
      case 'agentTask.completed':
        return { ...known, status: 'completed', feedbackGiven: false };
      case 'agentTask.failed':
        return { ...known, status: 'failed' };
      case 'agentTask.cancelled':
        return { ...known, status: 'cancelled' };
      case 'agentTask.feedbackGiven':
        return state.status === 'completed' ? { ...state, feedbackGiven: true } : state;
      case 'agentTask.approvalRequested':
        return state.status === 'running' ? { ...state, approval: 'pending' } : state;
      case 'agentTask.approvalDecided':
        return state.status === 'running' ? { ...state, approval: 'decided' } : state;
      default:
        return assertNever(event, 'agent task event');
    }
  },
};

function request(command: Cmd<'RequestAgentTask'>, state: AgentTaskState): AgentTaskEvent[] {
  if (state.status !== 'none')
    throw new HeraldError('AGENT_TASK.ALREADY_EXISTS', 'An agent task with this id already exists.');
  const { context } = command;
  if (
    context.actor.kind === 'user' &&
    (command.actorRole === null || !CONTENT_ROLES.includes(command.actorRole))
  ) {
    throw forbidden(`Only ${CONTENT_ROLES.join(', ')} members can ask agents for work.`);
  }
  if (context.actor.kind === 'webhook') throw forbidden('Webhooks cannot start agent tasks.');
  if (context.tenantId === null) {
    throw new HeraldError('VALIDATION.FAILED', 'An agent task belongs to an organization; none was given.', {
      field: 'tenantId',
    });
  }
  if (!isAgentTaskKind(command.kind)) {
    throw new HeraldError(
      'AGENT_TASK.KIND_INVALID',
      `Choose one of the agents: ${AGENT_TASK_KINDS.join(', ')}.`,
      { field: 'kind' },
    );
  }
  return [
    {
      type: 'agentTask.requested',
      schemaVersion: 1,
      data: {
        taskId: command.taskId,
        organizationId: context.tenantId,
        kind: command.kind,
        input: validInput(command.input),
        requestedBy: context.actor.id,
        parentTaskId: command.parentTaskId,
      },
    },
  ];
}

function cancel(command: Cmd<'CancelAgentTask'>, state: Existing): AgentTaskEvent[] {
  const { actor } = command.context;
  const isRequester = actor.kind === 'user' && actor.id === state.requestedBy;
  const isLead = actor.kind === 'user' && (command.actorRole === 'admin' || command.actorRole === 'manager');
  if (actor.kind !== 'system' && !isRequester && !isLead) {
    throw forbidden('Only the requester, a manager or an admin can cancel this task.');
  }
  requireUnfinished(state);
  const reason =
    typeof command.reason === 'string' && command.reason.trim().length > 0 ? command.reason.trim() : null;
  return [
    {
      type: 'agentTask.cancelled',
      schemaVersion: 1,
      data: { taskId: state.taskId, cancelledBy: actor.id, reason },
    },
  ];
}

function feedback(command: Cmd<'GiveFeedback'>, state: Existing): AgentTaskEvent[] {
  const { actor } = command.context;
  if (actor.kind !== 'user' || command.actorRole === null || !CONTENT_ROLES.includes(command.actorRole)) {
    throw forbidden(`Only ${CONTENT_ROLES.join(', ')} members can rate agent results.`);
  }
  if (state.status !== 'completed') {
    throw new HeraldError('AGENT_TASK.FEEDBACK_NOT_ALLOWED', 'Only a completed task can be rated.', {
      status: state.status,
    });
  }
  if (state.feedbackGiven) {
    throw new HeraldError('AGENT_TASK.FEEDBACK_ALREADY_GIVEN', 'This result has already been rated.');
  }
  const comment = validFeedback(command.rating, command.comment);
  return [
    {
      type: 'agentTask.feedbackGiven',
      schemaVersion: 1,
      data: { taskId: state.taskId, rating: command.rating, comment, used: command.used, givenBy: actor.id },
      ...(comment === null ? {} : { personalFields: [{ path: 'comment', subjectId: actor.id }] }),
    },
  ];
}

/** Progress and outcomes come from the agent runtime, never from a person or a webhook. */
function requireWorker(command: AgentTaskCommand): void {
  const { kind } = command.context.actor;
  if (kind !== 'agent' && kind !== 'system') throw forbidden('Only the agent runtime reports task progress.');
}

function requireRunning(state: Existing): void {
  if (state.status !== 'running') {
    throw new HeraldError(
      'AGENT_TASK.NOT_RUNNING',
      'This task is not running; its steps and results can no longer change.',
      {
        status: state.status,
      },
    );
  }
}

function requireUnfinished(state: Existing): void {
  if (state.status !== 'requested' && state.status !== 'running') {
    throw new HeraldError('AGENT_TASK.ALREADY_FINISHED', 'This task has already finished.', {
      status: state.status,
    });
  }
}

const forbidden = (message: string) => new HeraldError('AGENT_TASK.FORBIDDEN', message);
