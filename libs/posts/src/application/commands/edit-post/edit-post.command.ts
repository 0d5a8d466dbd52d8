import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { PlatformVariants, PostContent } from '../../../domain/post.types';
import type { PostCommandResult } from '../post-command';

export class EditPostCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.edit';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    readonly content: PostContent,
    readonly variants: PlatformVariants,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
