import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import {
  executeOnOrganization,
  type OrganizationCommandResult,
  revisionResult,
} from '../organization-command';
import { RevokeInvitationCommand } from './revoke-invitation.command';

@CommandHandler(RevokeInvitationCommand)
export class RevokeInvitationHandler implements ICommandHandler<RevokeInvitationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RevokeInvitationCommand): Promise<OrganizationCommandResult> {
    return executeOnOrganization(
      this.pipeline,
      command,
      command.organizationId,
      (context) => ({ type: 'RevokeInvitation', invitationId: command.invitationId, context }),
      revisionResult(command.organizationId),
    );
  }
}
