import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { PostCommandResult } from '../post-command';

export class RecordPublishSuccessCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.publish.succeeded';

  constructor(
    readonly postId: string,
    readonly accountId: string,
    readonly attemptId: string,
    readonly platformPostId: string,
    readonly url: string | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
