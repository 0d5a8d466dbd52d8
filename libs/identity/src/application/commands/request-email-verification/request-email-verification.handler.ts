import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { executeOnUser, type UserCommandResult } from '../user-command';
import { RequestEmailVerificationCommand } from './request-email-verification.command';

@CommandHandler(RequestEmailVerificationCommand)
export class RequestEmailVerificationHandler implements ICommandHandler<RequestEmailVerificationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RequestEmailVerificationCommand): Promise<UserCommandResult> {
    return executeOnUser(this.pipeline, command, command.userId, (context) => ({
      type: 'RequestEmailVerification',
      tokenHash: command.tokenHash,
      context,
    }));
  }
}
