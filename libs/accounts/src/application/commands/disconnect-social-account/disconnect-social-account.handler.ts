import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accountRevision,
  executeOnAccount,
  type SocialAccountCommandResult,
} from '../social-account-command';
import { DisconnectSocialAccountCommand } from './disconnect-social-account.command';

@CommandHandler(DisconnectSocialAccountCommand)
export class DisconnectSocialAccountHandler implements ICommandHandler<DisconnectSocialAccountCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: DisconnectSocialAccountCommand): Promise<SocialAccountCommandResult> {
    return executeOnAccount(
      this.pipeline,
      command,
      command.accountId,
      (context) => ({ type: 'DisconnectSocialAccount', context, role: command.role, reason: command.reason }),
      accountRevision(command.accountId),
    );
  }
}
