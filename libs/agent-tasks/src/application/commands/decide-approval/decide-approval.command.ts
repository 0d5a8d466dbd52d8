import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommandResult } from '../agent-task-command';

export interface ApprovalDecisionInput {
  /** `approve` or `reject`; anything else is refused by the decider. */
  readonly decision: string;
  readonly comment: string | null;
  /** Overrides the proposed slot (ISO-8601 instant); needed when the workflow proposed none. */
  readonly at: string | null;
  readonly timeZone: string | null;
}

/** A person's decision on a workflow waiting for approval; the worker owning the task resumes it. */
export class DecideAgentTaskApprovalCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.decideApproval';

  constructor(
    readonly taskId: string,
    readonly input: ApprovalDecisionInput,
    /** The acting user's role in the organization (null for agents and the system). */
    readonly actorRole: MemberRole | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
