import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { EditPostCommand } from './edit-post.command';

@CommandHandler(EditPostCommand)
export class EditPostHandler implements ICommandHandler<EditPostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: EditPostCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({
        type: 'EditPost',
        context,
        role: command.role,
        content: command.content,
        variants: command.variants,
      }),
      postRevision(command.postId),
    );
  }
}
