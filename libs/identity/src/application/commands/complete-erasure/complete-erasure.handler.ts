import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { executeOnUser, type UserCommandResult } from '../user-command';
import { CompleteErasureCommand } from './complete-erasure.command';

@CommandHandler(CompleteErasureCommand)
export class CompleteErasureHandler implements ICommandHandler<CompleteErasureCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: CompleteErasureCommand): Promise<UserCommandResult> {
    return executeOnUser(this.pipeline, command, command.userId, (context) => ({
      type: 'CompleteErasure',
      context,
    }));
  }
}
