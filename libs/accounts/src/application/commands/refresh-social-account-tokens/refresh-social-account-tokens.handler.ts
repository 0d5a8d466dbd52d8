import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accountRevision,
  executeOnAccount,
  type SocialAccountCommandResult,
} from '../social-account-command';
import { RefreshSocialAccountTokensCommand } from './refresh-social-account-tokens.command';

@CommandHandler(RefreshSocialAccountTokensCommand)
export class RefreshSocialAccountTokensHandler implements ICommandHandler<RefreshSocialAccountTokensCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RefreshSocialAccountTokensCommand): Promise<SocialAccountCommandResult> {
    return executeOnAccount(
      this.pipeline,
      command,
      command.accountId,
      (context) => ({ type: 'RefreshSocialAccountTokens', context, tokens: command.tokens }),
      accountRevision(command.accountId),
    );
  }
}
