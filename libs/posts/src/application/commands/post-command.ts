import type { CommandOutcome, CommandPipeline, HeraldCommand } from '@herald/commands';
import type { CommandContext } from '@herald/shared-kernel';
import type { PostCommand } from '../../domain/post.commands';
import { postDecider } from '../../domain/post.decider';
import { type PostEvent, postStreamId } from '../../domain/post.events';
import type { PostState } from '../../domain/post.state';

export interface PostCommandResult {
  readonly postId: string;
  /** Stream revision after the command; null when nothing was ever appended. */
  readonly revision: number | null;
}

export type PostOutcome = CommandOutcome<PostState, PostEvent>;

export const postRevision =
  (postId: string) =>
  (outcome: PostOutcome): PostCommandResult => ({ postId, revision: outcome.revision });

/** Runs one domain command against an existing post's stream through the shared pipeline. */
export function executeOnPost<R>(
  pipeline: CommandPipeline,
  command: HeraldCommand<R>,
  postId: string,
  toDomain: (context: CommandContext) => PostCommand,
  result: (outcome: PostOutcome) => R,
): Promise<R> {
  return pipeline.execute(command, {
    decider: postDecider,
    prepare: () => ({ streamId: postStreamId(postId), command: toDomain }),
    result,
  });
}
