import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { ReschedulePostCommand } from './reschedule-post.command';

@CommandHandler(ReschedulePostCommand)
export class ReschedulePostHandler implements ICommandHandler<ReschedulePostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ReschedulePostCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({
        type: 'ReschedulePost',
        context,
        role: command.role,
        at: command.at,
        timeZone: command.timeZone,
        targets: command.targets,
      }),
      postRevision(command.postId),
    );
  }
}
