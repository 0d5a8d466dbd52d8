import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { Recurrence, TargetAccountFacts } from '../../../domain/post.types';
import type { PostCommandResult } from '../post-command';

/**
 * `targets` carry what the edge read from the accounts and calendar read models: each account's
 * health, the organization's effective daily cap for it and the posts already scheduled on it that
 * day in `timeZone`. `approvalRequired` and `planLimit` come from the organization's settings and
 * plan. The decider trusts these facts and stays pure.
 */
export class SchedulePostCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.schedule';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    readonly at: string,
    readonly timeZone: string,
    readonly recurrence: Recurrence | null,
    readonly targets: readonly TargetAccountFacts[],
    readonly approvalRequired: boolean,
    readonly planLimit: { readonly limit: number; readonly scheduledPosts: number },
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
