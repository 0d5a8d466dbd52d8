import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { AgentTaskCommandResult } from '../agent-task-command';

/** Issued by the agent runtime when a workflow parks at its approval step. */
export class RequestAgentTaskApprovalCommand extends HeraldCommand<AgentTaskCommandResult> {
  readonly commandType = 'agentTasks.requestApproval';

  constructor(
    readonly taskId: string,
    readonly proposal: unknown,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
