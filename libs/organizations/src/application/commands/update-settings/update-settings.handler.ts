import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import {
  executeOnOrganization,
  type OrganizationCommandResult,
  revisionResult,
} from '../organization-command';
import { UpdateOrganizationSettingsCommand } from './update-settings.command';

@CommandHandler(UpdateOrganizationSettingsCommand)
export class UpdateOrganizationSettingsHandler implements ICommandHandler<UpdateOrganizationSettingsCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: UpdateOrganizationSettingsCommand): Promise<OrganizationCommandResult> {
    return executeOnOrganization(
      this.pipeline,
      command,
      command.organizationId,
      (context) => ({ type: 'UpdateSettings', changes: command.changes, context }),
      revisionResult(command.organizationId),
    );
  }
}
