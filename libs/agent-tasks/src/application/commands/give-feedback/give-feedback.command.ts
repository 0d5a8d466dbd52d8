import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommandResult } from '../agent-task-command';

export class GiveAgentTaskFeedbackCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.giveFeedback';

  constructor(
    readonly taskId: string,
    readonly rating: number,
    readonly comment: string | null,
    readonly used: boolean,
    /** The acting user's role in the organization (null for agents and the system). */
    readonly actorRole: MemberRole | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
