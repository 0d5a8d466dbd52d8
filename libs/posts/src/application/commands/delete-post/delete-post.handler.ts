import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { DeletePostCommand } from './delete-post.command';

@CommandHandler(DeletePostCommand)
export class DeletePostHandler implements ICommandHandler<DeletePostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: DeletePostCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({ type: 'DeletePost', context, role: command.role }),
      postRevision(command.postId),
    );
  }
}
