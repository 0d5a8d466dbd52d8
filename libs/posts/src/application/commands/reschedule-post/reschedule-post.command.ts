import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { TargetAccountFacts } from '../../../domain/post.types';
import type { PostCommandResult } from '../post-command';

/** `targets`: facts for every current target on the new day, this post excluded from the counts. */
export class ReschedulePostCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.reschedule';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    readonly at: string,
    readonly timeZone: string,
    readonly targets: readonly TargetAccountFacts[],
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
