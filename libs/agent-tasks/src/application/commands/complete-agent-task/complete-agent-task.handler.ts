import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { CompleteAgentTaskCommand } from './complete-agent-task.command';

@CommandHandler(CompleteAgentTaskCommand)
export class CompleteAgentTaskHandler implements ICommandHandler<CompleteAgentTaskCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: CompleteAgentTaskCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'CompleteAgentTask',
      result: command.result,
      model: command.model,
      tokensIn: command.tokensIn,
      tokensOut: command.tokensOut,
      costUsdMicros: command.costUsdMicros,
      actorRole: command.actorRole,
      context,
    }));
  }
}
