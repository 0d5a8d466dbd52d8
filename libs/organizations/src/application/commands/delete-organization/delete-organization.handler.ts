import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import {
  executeOnOrganization,
  type OrganizationCommandResult,
  revisionResult,
} from '../organization-command';
import { DeleteOrganizationCommand } from './delete-organization.command';

@CommandHandler(DeleteOrganizationCommand)
export class DeleteOrganizationHandler implements ICommandHandler<DeleteOrganizationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: DeleteOrganizationCommand): Promise<OrganizationCommandResult> {
    return executeOnOrganization(
      this.pipeline,
      command,
      command.organizationId,
      (context) => ({ type: 'DeleteOrganization', confirmName: command.confirmName, context }),
      revisionResult(command.organizationId),
    );
  }
}
