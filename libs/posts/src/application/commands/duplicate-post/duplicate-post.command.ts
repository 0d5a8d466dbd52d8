import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { PlatformVariants, PostContent } from '../../../domain/post.types';

export interface DuplicatePostResult {
  readonly sourcePostId: string;
  /** The new draft's id. */
  readonly postId: string;
  readonly revision: number | null;
}

export class DuplicatePostCommand extends HeraldCommand<DuplicatePostResult> {
  readonly commandType = 'posts.duplicate';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}

export interface DuplicationRecord {
  readonly newPostId: string;
  readonly organizationId: string;
  readonly content: PostContent;
  readonly variants: PlatformVariants;
}

/**
 * The two appends of a duplication, each its own pipeline execution on its own stream. They carry
 * the request's metadata under their own command types, so an idempotency key makes each step
 * replay-safe on its own and a retried duplication finishes instead of making a second copy.
 */
export class RecordDuplicationCommand extends HeraldCommand<DuplicationRecord> {
  readonly commandType = 'posts.duplicate.source';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}

export class DraftDuplicateCommand extends HeraldCommand<{ readonly revision: number | null }> {
  readonly commandType = 'posts.duplicate.copy';

  constructor(
    readonly sourcePostId: string,
    readonly role: MemberRole,
    readonly record: DuplicationRecord,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
