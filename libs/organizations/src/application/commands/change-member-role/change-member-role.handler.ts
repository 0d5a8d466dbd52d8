import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import {
  executeOnOrganization,
  type OrganizationCommandResult,
  revisionResult,
} from '../organization-command';
import { ChangeMemberRoleCommand } from './change-member-role.command';

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: ChangeMemberRoleCommand): Promise<OrganizationCommandResult> {
    return executeOnOrganization(
      this.pipeline,
      command,
      command.organizationId,
      (context) => ({ type: 'ChangeMemberRole', userId: command.userId, role: command.role, context }),
      revisionResult(command.organizationId),
    );
  }
}
