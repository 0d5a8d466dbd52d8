import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PostCommand } from '../../../domain/post.commands';
import { postDecider } from '../../../domain/post.decider';
import { postStreamId } from '../../../domain/post.events';
import { isTargeted } from '../../../domain/post.state';
import { type PublishAttemptTicket, StartPublishAttemptCommand } from './start-publish-attempt.command';

@CommandHandler(StartPublishAttemptCommand)
export class StartPublishAttemptHandler implements ICommandHandler<StartPublishAttemptCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: StartPublishAttemptCommand): Promise<PublishAttemptTicket> {
    let attemptId = '';
    return this.pipeline.execute(command, {
      decider: postDecider,
      prepare: (ids) => {
        attemptId = command.attemptId ?? ids.next();
        return {
          streamId: postStreamId(command.postId),
          command: (context): PostCommand => ({
            type: 'StartPublishAttempt',
            context,
            accountId: command.accountId,
            attemptId,
            occurrence: command.occurrence,
          }),
        };
      },
      result: ({ state, revision }) => {
        const target = isTargeted(state)
          ? state.targets.find((t) => t.accountId === command.accountId)
          : undefined;
        return { postId: command.postId, revision, attemptId, attemptNumber: target?.attempts ?? 0 };
      },
    });
  }
}
