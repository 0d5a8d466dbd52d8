import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import {
  executeOnOrganization,
  hashInvitationToken,
  type OrganizationCommandResult,
  revisionResult,
} from '../organization-command';
import { AcceptInvitationCommand } from './accept-invitation.command';

@CommandHandler(AcceptInvitationCommand)
export class AcceptInvitationHandler implements ICommandHandler<AcceptInvitationCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: AcceptInvitationCommand): Promise<OrganizationCommandResult> {
    return executeOnOrganization(
      this.pipeline,
      command,
      command.organizationId,
      (context) => ({
        type: 'AcceptInvitation',
        invitationId: command.invitationId,
        tokenHash: hashInvitationToken(command.token),
        context,
      }),
      revisionResult(command.organizationId),
    );
  }
}
