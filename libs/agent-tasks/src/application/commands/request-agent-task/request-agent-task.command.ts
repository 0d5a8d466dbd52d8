import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommandResult } from '../agent-task-command';

export class RequestAgentTaskCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.request';

  constructor(
    readonly kind: string,
    readonly input: unknown,
    /** The acting user's role in the organization (null for agents and the system). */
    readonly actorRole: MemberRole | null,
    metadata: RequestMetadata,
    /** Set when a workflow task spawns this one. */
    readonly parentTaskId: string | null = null,
  ) {
    super(metadata);
  }
}
