import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { PostCommandResult } from '../post-command';

export class CancelPostScheduleCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.cancelSchedule';

  constructor(
    readonly postId: string,
    readonly role: MemberRole,
    readonly reason: string | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
