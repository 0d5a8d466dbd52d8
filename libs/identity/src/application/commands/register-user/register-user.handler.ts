import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type PreparedCommand } from '@herald/commands';
import { userDecider } from '../../../domain/user.decider';
import type { UserCommand } from '../../../domain/user.commands';
import { userStreamId } from '../../../domain/user.events';
import type { UserCommandResult } from '../user-command';
import { RegisterUserCommand } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RegisterUserCommand): Promise<UserCommandResult> {
    let userId = '';
    return this.pipeline.execute(command, {
      decider: userDecider,
      prepare: (ids): PreparedCommand<UserCommand> => {
        userId = ids.next();
        return {
          streamId: userStreamId(userId),
          // A person exists across organizations; their stream belongs to no tenant.
          tenantId: null,
          command: (context) => ({
            type: 'RegisterUser',
            userId,
            email: command.email,
            name: command.name,
            passwordHash: command.passwordHash,
            verificationTokenHash: command.verificationTokenHash,
            context,
          }),
        };
      },
      result: ({ revision }) => ({ userId, revision }),
      subjectIds: () => [userId],
    });
  }
}
