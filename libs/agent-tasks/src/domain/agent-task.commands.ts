import type { CommandContext } from '@herald/shared-kernel';
import type { MemberRole } from '@herald/organizations';

/**
 * `actorRole` is the acting user's role in the task's organization, resolved by the
 * application layer from the organization; null for agents, the system and webhooks.
 */
interface Base {
  readonly context: CommandContext;
  readonly actorRole: MemberRole | null;
}

export type AgentTaskCommand =
  | (Base & {
      type: 'RequestAgentTask';
      taskId: string;
      kind: string;
      input: unknown;
      parentTaskId: string | null;
    })
  | (Base & { type: 'StartAgentTask' })
  | (Base & { type: 'RecordStep'; name: string; summary: string })
  | (Base & {
      type: 'RecordToolCall';
      tool: string;
      arguments: unknown;
      result: unknown;
      ok: boolean;
      durationMs: number;
    })
  | (Base & {
      type: 'CompleteAgentTask';
      result: unknown;
      model: string;
      tokensIn: number;
      tokensOut: number;
      costUsdMicros: number;
    })
  | (Base & { type: 'FailAgentTask'; reason: string; retryable: boolean })
  | (Base & { type: 'CancelAgentTask'; reason: string | null })
  | (Base & { type: 'GiveFeedback'; rating: number; comment: string | null; used: boolean })
  | (Base & { type: 'RequestApproval'; proposal: unknown })
  | (Base & {
      type: 'DecideApproval';
      decision: string;
      comment: string | null;
      at: string | null;
      timeZone: string | null;
    });
