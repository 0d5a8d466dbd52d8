import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { CancelPostScheduleCommand } from './cancel-post-schedule.command';

@CommandHandler(CancelPostScheduleCommand)
export class CancelPostScheduleHandler implements ICommandHandler<CancelPostScheduleCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: CancelPostScheduleCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({ type: 'CancelPostSchedule', context, role: command.role, reason: command.reason }),
      postRevision(command.postId),
    );
  }
}
