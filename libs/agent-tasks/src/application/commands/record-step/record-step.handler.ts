import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { RecordAgentTaskStepCommand } from './record-step.command';

@CommandHandler(RecordAgentTaskStepCommand)
export class RecordAgentTaskStepHandler implements ICommandHandler<RecordAgentTaskStepCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RecordAgentTaskStepCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'RecordStep',
      name: command.name,
      summary: command.summary,
      actorRole: command.actorRole,
      context,
    }));
  }
}
