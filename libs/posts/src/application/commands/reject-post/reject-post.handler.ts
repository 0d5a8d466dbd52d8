import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { RejectPostCommand } from './reject-post.command';

@CommandHandler(RejectPostCommand)
export class RejectPostHandler implements ICommandHandler<RejectPostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RejectPostCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({ type: 'RejectPost', context, role: command.role, reason: command.reason }),
      postRevision(command.postId),
    );
  }
}
