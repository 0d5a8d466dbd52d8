import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { AgentTaskCommandResult } from '../agent-task-command';

export class RecordAgentToolCallCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.recordToolCall';

  constructor(
    readonly taskId: string,
    readonly tool: string,
    readonly args: unknown,
    readonly result: unknown,
    readonly ok: boolean,
    readonly durationMs: number,
    /** The acting user's role in the organization (null for agents and the system). */
    readonly actorRole: MemberRole | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
