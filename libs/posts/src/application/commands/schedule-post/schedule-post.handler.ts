import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { SchedulePostCommand } from './schedule-post.command';

@CommandHandler(SchedulePostCommand)
export class SchedulePostHandler implements ICommandHandler<SchedulePostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: SchedulePostCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({
        type: 'SchedulePost',
        context,
        role: command.role,
        at: command.at,
        timeZone: command.timeZone,
        recurrence: command.recurrence,
        targets: command.targets,
        approvalRequired: command.approvalRequired,
        planLimit: command.planLimit,
      }),
      postRevision(command.postId),
    );
  }
}
