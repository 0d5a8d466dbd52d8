import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommandResult } from '../agent-task-command';

export class CompleteAgentTaskCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.complete';

  constructor(
    readonly taskId: string,
    readonly result: unknown,
    readonly model: string,
    readonly tokensIn: number,
    readonly tokensOut: number,
    readonly costUsdMicros: number,
    /** The acting user's role in the organization (null for agents and the system). */
    readonly actorRole: MemberRole | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
