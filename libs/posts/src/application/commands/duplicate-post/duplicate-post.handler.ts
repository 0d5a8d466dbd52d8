import { CommandPipeline } from '@herald/commands';
import { HeraldError } from '@herald/shared-kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PostCommand } from '../../../domain/post.commands';
import { postDecider } from '../../../domain/post.decider';
import { postStreamId } from '../../../domain/post.events';
import {
  DraftDuplicateCommand,
  DuplicatePostCommand,
  type DuplicatePostResult,
  type DuplicationRecord,
  RecordDuplicationCommand,
} from './duplicate-post.command';

/** `post.duplicated` on the source, then `post.drafted` with `duplicatedFrom` on a new stream. */
@CommandHandler(DuplicatePostCommand)
export class DuplicatePostHandler implements ICommandHandler<DuplicatePostCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute(command: DuplicatePostCommand): Promise<DuplicatePostResult> {
    const record = await this.recordOnSource(
      new RecordDuplicationCommand(command.postId, command.role, command.metadata),
    );
    const copy = new DraftDuplicateCommand(command.postId, command.role, record, command.metadata);
    const { revision } = await this.pipeline.execute(copy, {
      decider: postDecider,
      prepare: () => ({
        streamId: postStreamId(record.newPostId),
        command: (context): PostCommand => ({
          type: 'DraftPost',
          context,
          role: command.role,
          postId: record.newPostId,
          organizationId: record.organizationId,
          content: record.content,
          variants: record.variants,
          duplicatedFrom: command.postId,
        }),
      }),
      result: (outcome) => ({ revision: outcome.revision }),
    });
    return { sourcePostId: command.postId, postId: record.newPostId, revision };
  }

  private recordOnSource(command: RecordDuplicationCommand): Promise<DuplicationRecord> {
    let newPostId = '';
    return this.pipeline.execute(command, {
      decider: postDecider,
      prepare: (ids) => {
        newPostId = ids.next();
        return {
          streamId: postStreamId(command.postId),
          command: (context): PostCommand => ({
            type: 'DuplicatePost',
            context,
            role: command.role,
            newPostId,
          }),
        };
      },
      result: ({ state }) => {
        if (state.status === 'none' || state.status === 'deleted') {
          throw new HeraldError('INTERNAL', 'A duplicated post has no content to copy.', {
            postId: command.postId,
          });
        }
        return {
          newPostId,
          organizationId: state.post.organizationId,
          content: state.post.content,
          variants: state.post.variants,
        };
      },
    });
  }
}
