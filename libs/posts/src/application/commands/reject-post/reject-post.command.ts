import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { PostCommandResult } from '../post-command';

export class RejectPostCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.reject';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    readonly reason: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
