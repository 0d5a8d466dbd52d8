import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { FailAgentTaskCommand } from './fail-agent-task.command';

@CommandHandler(FailAgentTaskCommand)
export class FailAgentTaskHandler implements ICommandHandler<FailAgentTaskCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: FailAgentTaskCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'FailAgentTask',
      reason: command.reason,
      retryable: command.retryable,
      actorRole: command.actorRole,
      context,
    }));
  }
}
