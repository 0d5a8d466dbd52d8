import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accountRevision,
  executeOnAccount,
  type SocialAccountCommandResult,
} from '../social-account-command';
import { RecordTokenRefreshFailureCommand } from './record-token-refresh-failure.command';

@CommandHandler(RecordTokenRefreshFailureCommand)
export class RecordTokenRefreshFailureHandler implements ICommandHandler<RecordTokenRefreshFailureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RecordTokenRefreshFailureCommand): Promise<SocialAccountCommandResult> {
    return executeOnAccount(
      this.pipeline,
      command,
      command.accountId,
      (context) => ({
        type: 'RecordTokenRefreshFailure',
        context,
        reason: command.reason,
        permanent: command.permanent,
      }),
      accountRevision(command.accountId),
    );
  }
}
