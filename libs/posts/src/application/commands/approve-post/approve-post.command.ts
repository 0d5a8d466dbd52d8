import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { PostCommandResult } from '../post-command';

export class ApprovePostCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.approve';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    readonly note: string | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
