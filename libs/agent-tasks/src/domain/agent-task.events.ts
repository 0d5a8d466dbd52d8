import type { DomainEvent } from '@herald/shared-kernel';
import type { AgentTaskKind } from './agent-task-kinds';

/** Stream `agentTask-<taskId>`: every AI decision, its tools, tokens and cost, auditable. */
export const agentTaskStreamId = (taskId: string): string => `agentTask-${taskId}`;

export type AgentTaskRequested = DomainEvent<
  'agentTask.requested',
  {
    taskId: string;
    organizationId: string;
    kind: AgentTaskKind;
    input: Readonly<Record<string, unknown>>;
    requestedBy: string;
    parentTaskId: string | null;
  }
>;
export type AgentTaskStarted = DomainEvent<'agentTask.started', { taskId: string; startedBy: string }>;
export type AgentTaskStepRecorded = DomainEvent<
  'agentTask.stepRecorded',
  { taskId: string; index: number; name: string; summary: string }
>;
export type AgentTaskToolCallRecorded = DomainEvent<
  'agentTask.toolCallRecorded',
  {
    taskId: string;
    index: number;
    tool: string;
    arguments: unknown;
    result: unknown;
    ok: boolean;
    durationMs: number;
  }
>;
export type AgentTaskCompleted = DomainEvent<
  'agentTask.completed',
  {
    taskId: string;
    result: unknown;
    model: string;
    tokensIn: number;
    tokensOut: number;
    /** Millionths of a US dollar: integer arithmetic, no float drift in monthly totals. */
    costUsdMicros: number;
  }
>;
export type AgentTaskFailed = DomainEvent<
  'agentTask.failed',
  { taskId: string; reason: string; retryable: boolean }
>;
export type AgentTaskCancelled = DomainEvent<
  'agentTask.cancelled',
  { taskId: string; cancelledBy: string; reason: string | null }
>;
/** A free-text comment may name people: it is personal data of its author. */
export type AgentTaskFeedbackGiven = DomainEvent<
  'agentTask.feedbackGiven',
  { taskId: string; rating: number; comment: string | null; used: boolean; givenBy: string }
>;

/**
 * The run stopped at a person's approval step (content workflow). Recorded by the agent runtime
 * so any process can tell, from the stream alone, that a decision is awaited.
 */
export type AgentTaskApprovalRequested = DomainEvent<
  'agentTask.approvalRequested',
  { taskId: string; proposal: Readonly<Record<string, unknown>> }
>;
export type ApprovalVerdict = 'approve' | 'reject';
/**
 * A person's decision on a workflow waiting for approval; the worker owning the task resumes the
 * run from it. `comment` is personal data of the approver; `at`/`timeZone` override the proposed slot.
 */
export type AgentTaskApprovalDecided = DomainEvent<
  'agentTask.approvalDecided',
  {
    taskId: string;
    decision: ApprovalVerdict;
    decidedBy: string;
    approverRole: string;
    comment: string | null;
    at: string | null;
    timeZone: string | null;
  }
>;

export type AgentTaskEvent =
  | AgentTaskRequested
  | AgentTaskStarted
  | AgentTaskStepRecorded
  | AgentTaskToolCallRecorded
  | AgentTaskCompleted
  | AgentTaskFailed
  | AgentTaskCancelled
  | AgentTaskFeedbackGiven
  | AgentTaskApprovalRequested
  | AgentTaskApprovalDecided;
