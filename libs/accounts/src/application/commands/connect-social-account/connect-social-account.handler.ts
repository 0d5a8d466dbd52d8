import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SocialAccountCommand } from '../../../domain/social-account.commands';
import { socialAccountDecider } from '../../../domain/social-account.decider';
import { socialAccountStreamId } from '../../../domain/social-account.events';
import type { SocialAccountCommandResult } from '../social-account-command';
import { ConnectSocialAccountCommand } from './connect-social-account.command';

@CommandHandler(ConnectSocialAccountCommand)
export class ConnectSocialAccountHandler implements ICommandHandler<ConnectSocialAccountCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ConnectSocialAccountCommand): Promise<SocialAccountCommandResult> {
    let accountId = '';
    return this.pipeline.execute(command, {
      decider: socialAccountDecider,
      prepare: (ids) => {
        accountId = ids.next();
        return {
          streamId: socialAccountStreamId(accountId),
          command: (context): SocialAccountCommand => ({
            type: 'ConnectSocialAccount',
            context,
            role: command.role,
            accountId,
            organizationId: command.organizationId,
            platform: command.platform,
            externalId: command.externalId,
            handle: command.handle,
            displayName: command.displayName,
            tokens: command.tokens,
            planLimit: command.planLimit,
          }),
        };
      },
      result: ({ revision }) => ({ accountId, revision }),
    });
  }
}
