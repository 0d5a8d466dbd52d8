import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { SubmitPostForApprovalCommand } from './submit-post.command';

@CommandHandler(SubmitPostForApprovalCommand)
export class SubmitPostForApprovalHandler implements ICommandHandler<SubmitPostForApprovalCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: SubmitPostForApprovalCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({ type: 'SubmitPostForApproval', context, role: command.role }),
      postRevision(command.postId),
    );
  }
}
