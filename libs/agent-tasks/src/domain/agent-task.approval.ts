import { HeraldError } from '@herald/shared-kernel';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommand } from './agent-task.commands';
import type { AgentTaskEvent, ApprovalVerdict } from './agent-task.events';
import { MAX_COMMENT_LENGTH, validInput } from './agent-task.rules';
import type { AgentTaskState } from './agent-task.state';

type Cmd<T extends AgentTaskCommand['type']> = Extract<AgentTaskCommand, { type: T }>;
type Existing = Exclude<AgentTaskState, { status: 'none' }>;

/** The same rule as approving a post: what an agent proposes to publish, a lead signs off. */
export const APPROVAL_ROLES: readonly MemberRole[] = ['admin', 'manager'];
const VERDICTS: readonly ApprovalVerdict[] = ['approve', 'reject'];

export function requestApproval(command: Cmd<'RequestApproval'>, state: Existing): AgentTaskEvent[] {
  const { kind } = command.context.actor;
  if (kind !== 'agent' && kind !== 'system') {
    throw new HeraldError('AGENT_TASK.FORBIDDEN', 'Only the agent runtime asks for an approval.');
  }
  if (state.status !== 'running') {
    throw new HeraldError('AGENT_TASK.NOT_RUNNING', 'Only a running task can wait for an approval.', {
      status: state.status,
    });
  }
  if (state.approval !== 'none') {
    throw new HeraldError('AGENT_TASK.APPROVAL_ALREADY_REQUESTED', 'This run already asked for its approval.', {
      approval: state.approval,
    });
  }
  return [
    {
      type: 'agentTask.approvalRequested',
      schemaVersion: 1,
      data: { taskId: state.taskId, proposal: validInput(command.proposal) },
    },
  ];
}

export function decideApproval(command: Cmd<'DecideApproval'>, state: Existing): AgentTaskEvent[] {
  const { actor } = command.context;
  if (actor.kind !== 'user' || command.actorRole === null || !APPROVAL_ROLES.includes(command.actorRole)) {
    throw new HeraldError(
      'AGENT_TASK.FORBIDDEN',
      `Only ${APPROVAL_ROLES.join(' or ')} members can approve what a workflow proposes.`,
    );
  }
  const approval = state.status === 'running' ? state.approval : 'none';
  if (approval === 'decided') {
    throw new HeraldError('AGENT_TASK.APPROVAL_ALREADY_DECIDED', 'This workflow has already been approved or rejected.');
  }
  if (approval !== 'pending') {
    throw new HeraldError('AGENT_TASK.APPROVAL_NOT_PENDING', 'This task is not waiting for an approval.', {
      status: state.status,
    });
  }
  const decision = verdictOf(command.decision);
  const comment = commentOf(command.comment);
  const approved = decision === 'approve';
  return [
    {
      type: 'agentTask.approvalDecided',
      schemaVersion: 1,
      data: {
        taskId: state.taskId,
        decision,
        decidedBy: actor.id,
        approverRole: command.actorRole,
        comment,
        // A rejection schedules nothing: a slot given with it means nothing.
        at: approved ? instantOf(command.at) : null,
        timeZone: approved ? timeZoneOf(command.timeZone) : null,
      },
      ...(comment === null ? {} : { personalFields: [{ path: 'comment', subjectId: actor.id }] }),
    },
  ];
}

function verdictOf(value: string): ApprovalVerdict {
  const found = VERDICTS.find((verdict) => verdict === value);
  if (found === undefined) {
    throw new HeraldError('VALIDATION.FAILED', 'Decide with approve or reject.', { field: 'decision' });
  }
  return found;
}

function commentOf(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length > MAX_COMMENT_LENGTH) {
    throw new HeraldError('VALIDATION.FAILED', `Keep the comment under ${MAX_COMMENT_LENGTH} characters.`, {
      field: 'comment',
    });
  }
  return trimmed.length === 0 ? null : trimmed;
}

function instantOf(value: string | null): string | null {
  if (value === null) return null;
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new HeraldError('VALIDATION.FAILED', 'The time must be an ISO-8601 instant.', { field: 'at' });
  }
  return new Date(parsed).toISOString();
}

function timeZoneOf(value: string | null): string | null {
  if (value === null) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    throw new HeraldError('VALIDATION.FAILED', 'Use an IANA time zone such as Europe/Paris.', {
      field: 'timeZone',
    });
  }
}
