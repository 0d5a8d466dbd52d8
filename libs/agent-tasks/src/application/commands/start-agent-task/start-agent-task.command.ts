import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommandResult } from '../agent-task-command';

export class StartAgentTaskCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.start';

  constructor(
    readonly taskId: string,
    /** The acting user's role in the organization (null for agents and the system). */
    readonly actorRole: MemberRole | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
