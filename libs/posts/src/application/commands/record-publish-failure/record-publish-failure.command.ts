import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { TargetStatus } from '../../../domain/post.state';
import type { PublishErrorClass } from '../../../domain/post.types';

export interface PublishFailureOutcome {
  readonly postId: string;
  readonly revision: number | null;
  /** `pending` with `retryAt` for a retry, `failed` when the failure was final. */
  readonly targetStatus: TargetStatus;
  readonly retryAt: string | null;
}

export class RecordPublishFailureCommand extends HeraldCommand<PublishFailureOutcome> {
  readonly commandType = 'posts.publish.failed';

  constructor(
    readonly postId: string,
    readonly accountId: string,
    readonly attemptId: string,
    readonly errorClass: PublishErrorClass,
    readonly message: string,
    readonly retryAfter: string | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
