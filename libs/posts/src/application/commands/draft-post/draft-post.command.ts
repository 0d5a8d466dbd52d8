import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { PlatformVariants, PostContent } from '../../../domain/post.types';
import type { PostCommandResult } from '../post-command';

/**
 * `role` is the acting member's role in `organizationId`, resolved by the edge from the verified
 * session (never from client input); the same holds for every post command below.
 */
export class DraftPostCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.draft';

  constructor(
    readonly organizationId: string,
    readonly role: MemberRole,
    readonly content: PostContent,
    readonly variants: PlatformVariants,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
