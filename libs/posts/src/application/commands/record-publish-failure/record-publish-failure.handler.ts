import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isTargeted } from '../../../domain/post.state';
import { executeOnPost } from '../post-command';
import { type PublishFailureOutcome, RecordPublishFailureCommand } from './record-publish-failure.command';

@CommandHandler(RecordPublishFailureCommand)
export class RecordPublishFailureHandler implements ICommandHandler<RecordPublishFailureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RecordPublishFailureCommand): Promise<PublishFailureOutcome> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({
        type: 'RecordPublishFailure',
        context,
        accountId: command.accountId,
        attemptId: command.attemptId,
        errorClass: command.errorClass,
        message: command.message,
        retryAfter: command.retryAfter,
      }),
      ({ state, revision }) => {
        const target = isTargeted(state)
          ? state.targets.find((t) => t.accountId === command.accountId)
          : undefined;
        return {
          postId: command.postId,
          revision,
          targetStatus: target?.status ?? 'failed',
          retryAt: target?.retryAt ?? null,
        };
      },
    );
  }
}
