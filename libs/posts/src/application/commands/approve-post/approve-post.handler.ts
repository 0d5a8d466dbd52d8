import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { ApprovePostCommand } from './approve-post.command';

@CommandHandler(ApprovePostCommand)
export class ApprovePostHandler implements ICommandHandler<ApprovePostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ApprovePostCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({ type: 'ApprovePost', context, role: command.role, note: command.note }),
      postRevision(command.postId),
    );
  }
}
