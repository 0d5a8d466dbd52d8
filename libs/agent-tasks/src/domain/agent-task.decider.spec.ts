import type { ActorKind, CommandContext } from '@herald/shared-kernel';
import type { MemberRole } from '@herald/organizations';
import { deciderSpec } from '@herald/testing';
import { agentTaskDecider } from './agent-task.decider';
import type { AgentTaskCommand } from './agent-task.commands';
import type { AgentTaskEvent } from './agent-task.events';

const ORG = 'org-1';
const TASK = 'task-1';
const NOW = new Date('2025-03-01T10:00:00.000Z');
const ctx = (kind: ActorKind, id: string, tenantId: string | null = ORG): CommandContext => ({
  now: NOW,
  actor: { kind, id },
  tenantId,
});
const editor = { context: ctx('user', 'user-eve'), actorRole: 'editor' as MemberRole | null };
const runtime = { context: ctx('agent', 'content_creator'), actorRole: null };

const requestCmd = (
  overrides: Partial<Extract<AgentTaskCommand, { type: 'RequestAgentTask' }>> = {},
): AgentTaskCommand => ({
  type: 'RequestAgentTask',
  taskId: TASK,
  kind: 'content_creator',
  input: { topic: 'spring launch', platforms: ['instagram'] },
  parentTaskId: null,
  ...editor,
  ...overrides,
});

const requested: AgentTaskEvent = {
  type: 'agentTask.requested',
  schemaVersion: 1,
  data: {
    taskId: TASK,
    organizationId: ORG,
    kind: 'content_creator',
    input: { topic: 'spring launch', platforms: ['instagram'] },
    requestedBy: 'user-eve',
    parentTaskId: null,
  },
};
const started: AgentTaskEvent = {
  type: 'agentTask.started',
  schemaVersion: 1,
  data: { taskId: TASK, startedBy: 'content_creator' },
};
const completed: AgentTaskEvent = {
  type: 'agentTask.completed',
  schemaVersion: 1,
  data: {
    taskId: TASK,
    result: { draft: 'Hello spring' },
    model: 'gpt-4o-mini',
    tokensIn: 812,
    tokensOut: 233,
    costUsdMicros: 262,
  },
};
const complete: AgentTaskCommand = {
  type: 'CompleteAgentTask',
  result: { draft: 'Hello spring' },
  model: 'gpt-4o-mini',
  tokensIn: 812,
  tokensOut: 233,
  costUsdMicros: 262,
  ...runtime,
};
const step: AgentTaskCommand = { type: 'RecordStep', name: 'draft', summary: 'wrote 3 variants', ...runtime };
const feedback = (rating: number, comment: string | null = 'Great, used it'): AgentTaskCommand => ({
  type: 'GiveFeedback',
  rating,
  comment,
  used: true,
  ...editor,
});

describe('agentTaskDecider', () => {
  const spec = deciderSpec(agentTaskDecider);

  describe('requesting', () => {
    it('records the request with its kind, input and requester, in the organization', () => {
      spec.given([]).when(requestCmd()).then([requested]);
    });

    it('lets admins, managers, editors and the agent runtime request; not viewers, compliance or webhooks', () => {
      spec
        .given([])
        .when(requestCmd({ actorRole: 'viewer' }))
        .thenThrows('AGENT_TASK.FORBIDDEN');
      spec
        .given([])
        .when(requestCmd({ actorRole: 'compliance' }))
        .thenThrows('AGENT_TASK.FORBIDDEN');
      spec
        .given([])
        .when(requestCmd({ actorRole: null }))
        .thenThrows('AGENT_TASK.FORBIDDEN');
      spec
        .given([])
        .when(requestCmd({ context: ctx('webhook', 'hook'), actorRole: null }))
        .thenThrows('AGENT_TASK.FORBIDDEN');
      const child = spec
        .given([])
        .when(requestCmd({ ...runtime, kind: 'trend_analyzer', parentTaskId: 'task-0' }))
        .thenEvents();
      expect(child[0].data).toMatchObject({ requestedBy: 'content_creator', parentTaskId: 'task-0' });
    });

    it('validates kind, input and organization', () => {
      spec
        .given([])
        .when(requestCmd({ kind: 'mind_reader' }))
        .thenThrows('AGENT_TASK.KIND_INVALID');
      spec
        .given([])
        .when(requestCmd({ input: 'write something' }))
        .thenThrows('AGENT_TASK.INPUT_INVALID');
      spec
        .given([])
        .when(requestCmd({ input: { text: 'x'.repeat(33 * 1024) } }))
        .thenThrows('AGENT_TASK.INPUT_INVALID');
      spec
        .given([])
        .when(requestCmd({ context: ctx('user', 'user-eve', null) }))
        .thenThrows('VALIDATION.FAILED');
      spec.given([requested]).when(requestCmd()).thenThrows('AGENT_TASK.ALREADY_EXISTS');
      spec.given([]).when(step).thenThrows('AGENT_TASK.NOT_FOUND');
    });
  });

  describe('running', () => {
    it('is started once, by the runtime', () => {
      spec
        .given([requested])
        .when({ type: 'StartAgentTask', ...runtime })
        .then([started]);
      spec
        .given([requested])
        .when({ type: 'StartAgentTask', ...editor })
        .thenThrows('AGENT_TASK.FORBIDDEN');
      spec
        .given([requested, started])
        .when({ type: 'StartAgentTask', ...runtime })
        .thenThrows('AGENT_TASK.ALREADY_STARTED');
    });

    it('numbers steps and tool calls in order while running', () => {
      const first = spec.given([requested, started]).when(step).thenEvents();
      const second = spec
        .given([requested, started, ...first])
        .when(step)
        .thenEvents();
      expect([first[0].data, second[0].data]).toMatchObject([{ index: 0, name: 'draft' }, { index: 1 }]);
      const call: AgentTaskCommand = {
        type: 'RecordToolCall',
        tool: 'memory.search',
        arguments: { q: 'brand voice' },
        result: ['casual'],
        ok: true,
        durationMs: 42,
        ...runtime,
      };
      spec
        .given([requested, started, ...first])
        .when(call)
        .then([
          {
            type: 'agentTask.toolCallRecorded',
            schemaVersion: 1,
            data: {
              taskId: TASK,
              index: 0,
              tool: 'memory.search',
              arguments: { q: 'brand voice' },
              result: ['casual'],
              ok: true,
              durationMs: 42,
            },
          },
        ]);
      spec
        .given([requested, started])
        .when({ ...call, durationMs: -1 } as AgentTaskCommand)
        .thenThrows('AGENT_TASK.USAGE_INVALID');
    });

    it('accepts no steps before the start or after completion', () => {
      spec.given([requested]).when(step).thenThrows('AGENT_TASK.NOT_RUNNING');
      spec.given([requested, started, completed]).when(step).thenThrows('AGENT_TASK.NOT_RUNNING');
      spec.given([requested, started, completed]).when(complete).thenThrows('AGENT_TASK.NOT_RUNNING');
    });

    it('completes with result, model, tokens and cost, which must be whole and non-negative', () => {
      spec.given([requested, started]).when(complete).then([completed]);
      spec
        .given([requested, started])
        .when({ ...complete, tokensOut: -5 } as AgentTaskCommand)
        .thenThrows('AGENT_TASK.USAGE_INVALID');
      spec
        .given([requested, started])
        .when({ ...complete, costUsdMicros: 0.4 } as AgentTaskCommand)
        .thenThrows('AGENT_TASK.USAGE_INVALID');
      spec
        .given([requested, started])
        .when({ ...complete, context: ctx('user', 'user-eve') } as AgentTaskCommand)
        .thenThrows('AGENT_TASK.FORBIDDEN');
    });
  });

  describe('ending early', () => {
    const fail: AgentTaskCommand = {
      type: 'FailAgentTask',
      reason: 'LLM timed out',
      retryable: true,
      ...runtime,
    };
    const cancel = (who: Pick<AgentTaskCommand, 'context' | 'actorRole'>): AgentTaskCommand => ({
      type: 'CancelAgentTask',
      reason: ' not needed ',
      ...who,
    });

    it('fails from requested or running, never twice', () => {
      spec
        .given([requested])
        .when(fail)
        .then([
          {
            type: 'agentTask.failed',
            schemaVersion: 1,
            data: { taskId: TASK, reason: 'LLM timed out', retryable: true },
          },
        ]);
      expect(spec.given([requested, started]).when(fail).thenEvents()).toHaveLength(1);
      const failed = spec.given([requested]).when(fail).thenEvents();
      spec
        .given([requested, ...failed])
        .when(fail)
        .thenThrows('AGENT_TASK.ALREADY_FINISHED');
      spec.given([requested, started, completed]).when(fail).thenThrows('AGENT_TASK.ALREADY_FINISHED');
    });

    it('is cancelled by the requester, a manager or an admin, before it finishes', () => {
      spec
        .given([requested, started])
        .when(cancel(editor))
        .then([
          {
            type: 'agentTask.cancelled',
            schemaVersion: 1,
            data: { taskId: TASK, cancelledBy: 'user-eve', reason: 'not needed' },
          },
        ]);
      expect(
        spec
          .given([requested])
          .when(cancel({ context: ctx('user', 'user-max'), actorRole: 'manager' }))
          .thenEvents(),
      ).toHaveLength(1);
      spec
        .given([requested])
        .when(cancel({ context: ctx('user', 'user-ed'), actorRole: 'editor' }))
        .thenThrows('AGENT_TASK.FORBIDDEN');
      spec
        .given([requested, started, completed])
        .when(cancel(editor))
        .thenThrows('AGENT_TASK.ALREADY_FINISHED');
      const cancelled = spec.given([requested]).when(cancel(editor)).thenEvents();
      spec
        .given([requested, ...cancelled])
        .when({ type: 'StartAgentTask', ...runtime })
        .thenThrows('AGENT_TASK.ALREADY_FINISHED');
    });
  });

  describe('feedback', () => {
    it('takes one rating of a completed result, its comment as personal data of the author', () => {
      spec
        .given([requested, started, completed])
        .when(feedback(5))
        .then([
          {
            type: 'agentTask.feedbackGiven',
            schemaVersion: 1,
            data: { taskId: TASK, rating: 5, comment: 'Great, used it', used: true, givenBy: 'user-eve' },
            personalFields: [{ path: 'comment', subjectId: 'user-eve' }],
          },
        ]);
      const [rated] = spec.given([requested, started, completed]).when(feedback(2, '  ')).thenEvents();
      expect(rated).toEqual({
        type: 'agentTask.feedbackGiven',
        schemaVersion: 1,
        data: expect.objectContaining({ comment: null }),
      });
      spec
        .given([requested, started, completed, rated])
        .when(feedback(4))
        .thenThrows('AGENT_TASK.FEEDBACK_ALREADY_GIVEN');
    });

    it('refuses feedback before completion, out-of-range ratings and viewers', () => {
      spec.given([requested, started]).when(feedback(4)).thenThrows('AGENT_TASK.FEEDBACK_NOT_ALLOWED');
      spec.given([requested, started, completed]).when(feedback(0)).thenThrows('AGENT_TASK.FEEDBACK_INVALID');
      spec.given([requested, started, completed]).when(feedback(6)).thenThrows('AGENT_TASK.FEEDBACK_INVALID');
      spec
        .given([requested, started, completed])
        .when(feedback(3.5))
        .thenThrows('AGENT_TASK.FEEDBACK_INVALID');
      spec
        .given([requested, started, completed])
        .when(feedback(3, 'x'.repeat(2001)))
        .thenThrows('AGENT_TASK.FEEDBACK_INVALID');
      spec
        .given([requested, started, completed])
        .when({
          type: 'GiveFeedback',
          rating: 4,
          comment: null,
          used: false,
          context: ctx('user', 'user-vic'),
          actorRole: 'viewer',
        })
        .thenThrows('AGENT_TASK.FORBIDDEN');
    });
  });
});
