import type { ActorKind, CommandContext } from '@herald/shared-kernel';
import type { MemberRole } from '@herald/organizations';
import { deciderSpec } from '@herald/testing';
import { agentTaskDecider } from './agent-task.decider';
import type { AgentTaskCommand } from './agent-task.commands';
import type { AgentTaskEvent } from './agent-task.events';

const TASK = 'task-1';
const ctx = (kind: ActorKind, id: string): CommandContext => ({
  now: new Date('2025-03-01T10:00:00.000Z'),
  actor: { kind, id },
  tenantId: 'org-1',
});
const runtime = { context: ctx('agent', 'content_workflow'), actorRole: null };
const PROPOSAL = { postId: 'post-1', text: 'Picnic season', slots: [] };

const requested: AgentTaskEvent = {
  type: 'agentTask.requested',
  schemaVersion: 1,
  data: {
    taskId: TASK,
    organizationId: 'org-1',
    kind: 'content_workflow',
    input: { topic: 'picnic', platforms: ['x'] },
    requestedBy: 'user-eve',
    parentTaskId: null,
  },
};
const started: AgentTaskEvent = {
  type: 'agentTask.started',
  schemaVersion: 1,
  data: { taskId: TASK, startedBy: 'content_workflow' },
};
const approvalRequested: AgentTaskEvent = {
  type: 'agentTask.approvalRequested',
  schemaVersion: 1,
  data: { taskId: TASK, proposal: PROPOSAL },
};
const askApproval: AgentTaskCommand = { type: 'RequestApproval', proposal: PROPOSAL, ...runtime };

const decide = (
  role: MemberRole | null,
  overrides: Partial<Extract<AgentTaskCommand, { type: 'DecideApproval' }>> = {},
): AgentTaskCommand => ({
  type: 'DecideApproval',
  decision: 'approve',
  comment: null,
  at: null,
  timeZone: null,
  context: ctx('user', `user-${role ?? 'none'}`),
  actorRole: role,
  ...overrides,
});

describe('agentTaskDecider approvals', () => {
  const spec = deciderSpec(agentTaskDecider);
  const waiting = [requested, started, approvalRequested];

  it('records that a running workflow waits for a decision, once, at the runtime’s word only', () => {
    spec.given([requested, started]).when(askApproval).then([approvalRequested]);
    spec.given(waiting).when(askApproval).thenThrows('AGENT_TASK.APPROVAL_ALREADY_REQUESTED');
    spec.given([requested]).when(askApproval).thenThrows('AGENT_TASK.NOT_RUNNING');
    spec
      .given([requested, started])
      .when({ ...askApproval, context: ctx('user', 'user-eve'), actorRole: 'admin' })
      .thenThrows('AGENT_TASK.FORBIDDEN');
    spec
      .given([requested, started])
      .when({ ...askApproval, proposal: 'schedule it' })
      .thenThrows('AGENT_TASK.INPUT_INVALID');
  });

  it('takes an approval from an admin or a manager, with the slot given and the comment as personal data', () => {
    spec
      .given(waiting)
      .when(
        decide('manager', {
          comment: '  Ship it on Thursday ',
          at: '2030-03-14T17:00:00+01:00',
          timeZone: 'Europe/Paris',
        }),
      )
      .then([
        {
          type: 'agentTask.approvalDecided',
          schemaVersion: 1,
          data: {
            taskId: TASK,
            decision: 'approve',
            decidedBy: 'user-manager',
            approverRole: 'manager',
            comment: 'Ship it on Thursday',
            at: '2030-03-14T16:00:00.000Z',
            timeZone: 'Europe/Paris',
          },
          personalFields: [{ path: 'comment', subjectId: 'user-manager' }],
        },
      ]);
    const [rejected] = spec
      .given(waiting)
      .when(decide('admin', { decision: 'reject', at: '2030-03-14T16:00:00Z', timeZone: 'UTC' }))
      .thenEvents();
    expect(rejected).toEqual({
      type: 'agentTask.approvalDecided',
      schemaVersion: 1,
      data: {
        taskId: TASK,
        decision: 'reject',
        decidedBy: 'user-admin',
        approverRole: 'admin',
        comment: null,
        at: null,
        timeZone: null,
      },
    });
  });

  it('refuses editors, viewers, the runtime and webhooks', () => {
    for (const role of ['editor', 'viewer', 'compliance', null] as const)
      spec.given(waiting).when(decide(role)).thenThrows('AGENT_TASK.FORBIDDEN');
    spec
      .given(waiting)
      .when(decide('admin', { context: ctx('agent', 'content_workflow') }))
      .thenThrows('AGENT_TASK.FORBIDDEN');
    spec
      .given(waiting)
      .when(decide('admin', { context: ctx('webhook', 'hook') }))
      .thenThrows('AGENT_TASK.FORBIDDEN');
  });

  it('decides only a task waiting for it, and only once', () => {
    spec.given([requested]).when(decide('admin')).thenThrows('AGENT_TASK.APPROVAL_NOT_PENDING');
    spec.given([requested, started]).when(decide('admin')).thenThrows('AGENT_TASK.APPROVAL_NOT_PENDING');
    const first = spec.given(waiting).when(decide('admin')).thenEvents();
    spec
      .given([...waiting, ...first])
      .when(decide('manager', { decision: 'reject' }))
      .thenThrows('AGENT_TASK.APPROVAL_ALREADY_DECIDED');
    const cancelled: AgentTaskEvent = {
      type: 'agentTask.cancelled',
      schemaVersion: 1,
      data: { taskId: TASK, cancelledBy: 'user-eve', reason: null },
    };
    spec
      .given([...waiting, cancelled])
      .when(decide('admin'))
      .thenThrows('AGENT_TASK.APPROVAL_NOT_PENDING');
    spec.given([]).when(decide('admin')).thenThrows('AGENT_TASK.NOT_FOUND');
  });

  it('lets the resumed run record its steps and complete after the decision', () => {
    const first = spec.given(waiting).when(decide('admin')).thenEvents();
    const steps = spec
      .given([...waiting, ...first])
      .when({ type: 'RecordStep', name: 'workflow.approved', summary: 'scheduled', ...runtime })
      .thenEvents();
    expect(steps[0]).toMatchObject({ type: 'agentTask.stepRecorded', data: { index: 0 } });
  });

  it('validates the verdict, the comment, the instant and the time zone', () => {
    spec.given(waiting).when(decide('admin', { decision: 'maybe' })).thenThrows('VALIDATION.FAILED');
    spec.given(waiting).when(decide('admin', { comment: 'x'.repeat(2001) })).thenThrows('VALIDATION.FAILED');
    spec.given(waiting).when(decide('admin', { at: 'next thursday' })).thenThrows('VALIDATION.FAILED');
    spec.given(waiting).when(decide('admin', { timeZone: 'Mars/Olympus' })).thenThrows('VALIDATION.FAILED');
  });
});
