import type { AgentTaskKind } from '@herald/agent-tasks';
import type { PlanId } from '@herald/organizations';

export const AGENT_TASKS_PROJECTION = 'agentTasks';

export const AGENT_TASKS_COLLECTIONS = {
  tasks: 'tasks',
  usage: 'usage',
  modelUsage: 'modelUsage',
  plans: 'plans',
} as const;

export type AgentTaskStatus = 'requested' | 'running' | 'completed' | 'failed' | 'cancelled';
export const AGENT_TASK_STATUSES: readonly AgentTaskStatus[] = [
  'requested',
  'running',
  'completed',
  'failed',
  'cancelled',
];

export interface TaskFeedback {
  rating: number;
  /** null when none was given or its author's data was erased (then `commentErased`). */
  comment: string | null;
  commentErased: boolean;
  /**
   * The data subject the comment is encrypted for in the log. An erasure of that subject must
   * also clear `comment` here (`updateMany({ 'feedback.commentSubjectId': subject }, ...)`); a
   * rebuild does it by itself, as the log then reads the comment back as erased.
   */
  commentSubjectId: string | null;
  used: boolean;
  givenBy: string;
  givenAt: string;
}

/** A content workflow's approval step, from `agentTask.approvalRequested` / `approvalDecided`. */
export interface TaskApproval {
  status: 'pending' | 'approved' | 'rejected';
  /** The draft the workflow asks to schedule, when its proposal names one. */
  postId: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The approver's comment: null when none was given or its author was erased (then `commentErased`). */
  comment: string | null;
  commentErased: boolean;
  /** Erasure of this subject clears `comment`, as for feedback comments. */
  commentSubjectId: string | null;
  /** The slot the approver chose over the proposed ones. */
  at: string | null;
  timeZone: string | null;
}

export interface AgentTaskDocument {
  _id: string;
  organizationId: string;
  kind: AgentTaskKind;
  status: AgentTaskStatus;
  requestedBy: string;
  requesterKind: string;
  parentTaskId: string | null;
  /** Child tasks requested so far (a content workflow's steps). */
  children: number;
  /** Global position of `agentTask.requested`: a total, stable order for lists. */
  sequence: number;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** From start (or request, when it never started) to the end. */
  durationMs: number | null;
  steps: number;
  lastStep: { name: string; summary: string } | null;
  toolCalls: number;
  failedToolCalls: number;
  toolTimeMs: number;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsdMicros: number;
  resultSummary: string | null;
  failure: { reason: string; retryable: boolean } | null;
  cancellation: { cancelledBy: string; reason: string | null } | null;
  feedback: TaskFeedback | null;
  approval: TaskApproval | null;
}

export interface UsageFigures {
  tokensIn: number;
  tokensOut: number;
  costUsdMicros: number;
  completedTasks: number;
}

/** One per organization and UTC calendar month, from completed tasks. */
export interface MonthlyUsageDocument extends UsageFigures {
  /** `<organizationId>:<YYYY-MM>` */
  _id: string;
  organizationId: string;
  month: string;
  byKind: Partial<Record<AgentTaskKind, UsageFigures>>;
}

export interface ModelUsageDocument extends UsageFigures {
  /** `<organizationId>:<YYYY-MM>:<model>` */
  _id: string;
  organizationId: string;
  month: string;
  model: string;
}

export interface PlanDocument {
  _id: string;
  plan: PlanId;
}

export const monthlyUsageId = (organizationId: string, month: string): string => `${organizationId}:${month}`;
export const modelUsageId = (organizationId: string, month: string, model: string): string =>
  `${organizationId}:${month}:${model}`;
/** Usage months are UTC calendar months: the plan's token budget resets on the 1st, 00:00 UTC. */
export const utcMonthOf = (instant: string): string => instant.slice(0, 7);
