import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accountRevision,
  executeOnAccount,
  type SocialAccountCommandResult,
} from '../social-account-command';
import { ReconnectSocialAccountCommand } from './reconnect-social-account.command';

@CommandHandler(ReconnectSocialAccountCommand)
export class ReconnectSocialAccountHandler implements ICommandHandler<ReconnectSocialAccountCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ReconnectSocialAccountCommand): Promise<SocialAccountCommandResult> {
    return executeOnAccount(
      this.pipeline,
      command,
      command.accountId,
      (context) => ({
        type: 'ReconnectSocialAccount',
        context,
        role: command.role,
        externalId: command.externalId,
        handle: command.handle,
        tokens: command.tokens,
      }),
      accountRevision(command.accountId),
    );
  }
}
