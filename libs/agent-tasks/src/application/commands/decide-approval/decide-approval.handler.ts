import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { DecideAgentTaskApprovalCommand } from './decide-approval.command';

@CommandHandler(DecideAgentTaskApprovalCommand)
export class DecideAgentTaskApprovalHandler implements ICommandHandler<DecideAgentTaskApprovalCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: DecideAgentTaskApprovalCommand): Promise<AgentTaskCommandResult> {
    const { decision, comment, at, timeZone } = command.input;
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'DecideApproval',
      decision,
      comment,
      at,
      timeZone,
      actorRole: command.actorRole,
      context,
    }));
  }
}
