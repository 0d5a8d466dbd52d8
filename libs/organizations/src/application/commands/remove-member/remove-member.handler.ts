import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import {
  executeOnOrganization,
  type OrganizationCommandResult,
  revisionResult,
} from '../organization-command';
import { RemoveMemberCommand } from './remove-member.command';

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RemoveMemberCommand): Promise<OrganizationCommandResult> {
    return executeOnOrganization(
      this.pipeline,
      command,
      command.organizationId,
      (context) => ({ type: 'RemoveMember', userId: command.userId, context }),
      revisionResult(command.organizationId),
    );
  }
}
