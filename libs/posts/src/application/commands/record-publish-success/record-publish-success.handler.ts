import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { RecordPublishSuccessCommand } from './record-publish-success.command';

@CommandHandler(RecordPublishSuccessCommand)
export class RecordPublishSuccessHandler implements ICommandHandler<RecordPublishSuccessCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RecordPublishSuccessCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({
        type: 'RecordPublishSuccess',
        context,
        accountId: command.accountId,
        attemptId: command.attemptId,
        platformPostId: command.platformPostId,
        url: command.url,
      }),
      postRevision(command.postId),
    );
  }
}
