import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { TargetAccountFacts } from '../../../domain/post.types';
import type { PostCommandResult } from '../post-command';

/** `targets`: as for scheduling, counted for today. */
export class PublishPostNowCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.publishNow';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    readonly targets: readonly TargetAccountFacts[],
    readonly approvalRequired: boolean,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
