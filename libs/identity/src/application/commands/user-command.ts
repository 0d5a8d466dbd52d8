import type { CommandContext } from '@herald/shared-kernel';
import type { CommandPipeline, HeraldCommand } from '@herald/commands';
import { userDecider } from '../../domain/user.decider';
import type { UserCommand } from '../../domain/user.commands';
import { userStreamId } from '../../domain/user.events';

export interface UserCommandResult {
  readonly userId: string;
  readonly revision: number | null;
}

/**
 * Runs a command on a user's stream. Every event there is about the user, personal fields or
 * not (a consent, an export request), so all carry the user as data subject: export and
 * erasure find them by it.
 */
export function executeOnUser(
  pipeline: CommandPipeline,
  command: HeraldCommand<UserCommandResult>,
  userId: string,
  toDomain: (context: CommandContext) => UserCommand,
): Promise<UserCommandResult> {
  return pipeline.execute(command, {
    decider: userDecider,
    // A person exists across organizations: their stream belongs to no tenant.
    prepare: () => ({ streamId: userStreamId(userId), tenantId: null, command: toDomain }),
    result: ({ revision }) => ({ userId, revision }),
    subjectIds: () => [userId],
  });
}
