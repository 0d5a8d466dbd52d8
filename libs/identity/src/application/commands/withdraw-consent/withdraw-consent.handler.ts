import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { executeOnUser, type UserCommandResult } from '../user-command';
import { WithdrawConsentCommand } from './withdraw-consent.command';

@CommandHandler(WithdrawConsentCommand)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsentCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: WithdrawConsentCommand): Promise<UserCommandResult> {
    return executeOnUser(this.pipeline, command, command.userId, (context) => ({
      type: 'WithdrawConsent',
      purpose: command.purpose,
      context,
    }));
  }
}
