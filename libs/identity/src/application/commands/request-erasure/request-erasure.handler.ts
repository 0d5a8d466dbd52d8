import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { executeOnUser, type UserCommandResult } from '../user-command';
import { RequestErasureCommand } from './request-erasure.command';

@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RequestErasureCommand): Promise<UserCommandResult> {
    return executeOnUser(this.pipeline, command, command.userId, (context) => ({
      type: 'RequestErasure',
      context,
    }));
  }
}
