import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { RequestAgentTaskApprovalCommand } from './request-approval.command';

@CommandHandler(RequestAgentTaskApprovalCommand)
export class RequestAgentTaskApprovalHandler implements ICommandHandler<RequestAgentTaskApprovalCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RequestAgentTaskApprovalCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'RequestApproval',
      proposal: command.proposal,
      actorRole: null,
      context,
    }));
  }
}
