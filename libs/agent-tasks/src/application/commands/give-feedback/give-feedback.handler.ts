import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { GiveAgentTaskFeedbackCommand } from './give-feedback.command';

@CommandHandler(GiveAgentTaskFeedbackCommand)
export class GiveAgentTaskFeedbackHandler implements ICommandHandler<GiveAgentTaskFeedbackCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: GiveAgentTaskFeedbackCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'GiveFeedback',
      rating: command.rating,
      comment: command.comment,
      used: command.used,
      actorRole: command.actorRole,
      context,
    }));
  }
}
