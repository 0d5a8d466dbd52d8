import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { CancelAgentTaskCommand } from './cancel-agent-task.command';

@CommandHandler(CancelAgentTaskCommand)
export class CancelAgentTaskHandler implements ICommandHandler<CancelAgentTaskCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: CancelAgentTaskCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'CancelAgentTask',
      reason: command.reason,
      actorRole: command.actorRole,
      context,
    }));
  }
}
