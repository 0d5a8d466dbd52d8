import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommandResult } from '../agent-task-command';

export class FailAgentTaskCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.fail';

  constructor(
    readonly taskId: string,
    readonly reason: string,
    readonly retryable: boolean,
    /** The acting user's role in the organization (null for agents and the system). */
    readonly actorRole: MemberRole | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
