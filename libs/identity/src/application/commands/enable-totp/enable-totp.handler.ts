import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { executeOnUser, type UserCommandResult } from '../user-command';
import { EnableTotpCommand } from './enable-totp.command';

@CommandHandler(EnableTotpCommand)
export class EnableTotpHandler implements ICommandHandler<EnableTotpCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: EnableTotpCommand): Promise<UserCommandResult> {
    return executeOnUser(this.pipeline, command, command.userId, (context) => ({
      type: 'EnableTotp',
      secretRef: command.secretRef,
      context,
    }));
  }
}
