import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { PostCommandResult } from '../post-command';

export class DeletePostCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.delete';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
