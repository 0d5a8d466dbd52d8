import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PostCommand } from '../../../domain/post.commands';
import { postDecider } from '../../../domain/post.decider';
import { postStreamId } from '../../../domain/post.events';
import type { PostCommandResult } from '../post-command';
import { DraftPostCommand } from './draft-post.command';

@CommandHandler(DraftPostCommand)
export class DraftPostHandler implements ICommandHandler<DraftPostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: DraftPostCommand): Promise<PostCommandResult> {
    let postId = '';
    return this.pipeline.execute(command, {
      decider: postDecider,
      prepare: (ids) => {
        postId = ids.next();
        return {
          streamId: postStreamId(postId),
          command: (context): PostCommand => ({
            type: 'DraftPost',
            context,
            role: command.role,
            postId,
            organizationId: command.organizationId,
            content: command.content,
            variants: command.variants,
            duplicatedFrom: null,
          }),
        };
      },
      result: ({ revision }) => ({ postId, revision }),
    });
  }
}
