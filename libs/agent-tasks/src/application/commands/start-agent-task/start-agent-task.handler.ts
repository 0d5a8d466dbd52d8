import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { StartAgentTaskCommand } from './start-agent-task.command';

@CommandHandler(StartAgentTaskCommand)
export class StartAgentTaskHandler implements ICommandHandler<StartAgentTaskCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: StartAgentTaskCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'StartAgentTask',
      actorRole: command.actorRole,
      context,
    }));
  }
}
