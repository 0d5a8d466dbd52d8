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

export type AgentTaskEvent =
  | AgentTaskRequested
  | AgentTaskStarted
  | AgentTaskStepRecorded
  | AgentTaskToolCallRecorded
  | AgentTaskCompleted
  | AgentTaskFailed
  | AgentTaskCancelled
  | AgentTaskFeedbackGiven;
