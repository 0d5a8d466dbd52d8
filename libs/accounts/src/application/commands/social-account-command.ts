import type { CommandOutcome, CommandPipeline, HeraldCommand } from '@herald/commands';
import type { CommandContext } from '@herald/shared-kernel';
import type { SocialAccountCommand } from '../../domain/social-account.commands';
import { socialAccountDecider } from '../../domain/social-account.decider';
import { type SocialAccountEvent, socialAccountStreamId } from '../../domain/social-account.events';
import type { SocialAccountState } from '../../domain/social-account.state';

export interface SocialAccountCommandResult {
  readonly accountId: string;
  readonly revision: number | null;
}

export type SocialAccountOutcome = CommandOutcome<SocialAccountState, SocialAccountEvent>;

export const accountRevision =
  (accountId: string) =>
  (outcome: SocialAccountOutcome): SocialAccountCommandResult => ({ accountId, revision: outcome.revision });

export function executeOnAccount<R>(
  pipeline: CommandPipeline,
  command: HeraldCommand<R>,
  accountId: string,
  toDomain: (context: CommandContext) => SocialAccountCommand,
  result: (outcome: SocialAccountOutcome) => R,
): Promise<R> {
  return pipeline.execute(command, {
    decider: socialAccountDecider,
    prepare: () => ({ streamId: socialAccountStreamId(accountId), command: toDomain }),
    result,
  });
}
