import type { AgentTaskKind } from './agent-task-kinds';

interface Known {
  readonly taskId: string;
  readonly kind: AgentTaskKind;
  readonly requestedBy: string;
}

export type AgentTaskState =
  | { readonly status: 'none' }
  | (Known & { readonly status: 'requested' })
  | (Known & {
      readonly status: 'running';
      readonly steps: number;
      readonly toolCalls: number;
      /** A run waits for at most one person's decision, and takes it once. */
      readonly approval: 'none' | 'pending' | 'decided';
    })
  | (Known & { readonly status: 'completed'; readonly feedbackGiven: boolean })
  | (Known & { readonly status: 'failed' | 'cancelled' });

export const initialAgentTaskState: AgentTaskState = { status: 'none' };
