import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { PublishPostNowCommand } from './publish-post-now.command';

@CommandHandler(PublishPostNowCommand)
export class PublishPostNowHandler implements ICommandHandler<PublishPostNowCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: PublishPostNowCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({
        type: 'PublishPostNow',
        context,
        role: command.role,
        targets: command.targets,
        approvalRequired: command.approvalRequired,
      }),
      postRevision(command.postId),
    );
  }
}
