import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type PreparedCommand } from '@herald/commands';
import type { OrganizationCommand } from '../../../domain/organization.commands';
import { organizationDecider } from '../../../domain/organization.decider';
import { organizationStreamId } from '../../../domain/organization.events';
import { InviteMemberCommand, type InvitationResult } from './invite-member.command';

@CommandHandler(InviteMemberCommand)
export class InviteMemberHandler implements ICommandHandler<InviteMemberCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: InviteMemberCommand): Promise<InvitationResult> {
    const { organizationId } = command;
    return this.pipeline.execute(command, {
      decider: organizationDecider,
      prepare: (ids): PreparedCommand<OrganizationCommand> => {
        const invitationId = ids.next();
        return {
          streamId: organizationStreamId(organizationId),
          command: (context) => ({
            type: 'InviteMember',
            invitationId,
            email: command.email,
            role: command.role,
            tokenHash: command.tokenHash,
            context,
          }),
        };
      },
      result: ({ events, revision }) => {
        const invited = events.find((event) => event.type === 'organization.memberInvited');
        if (invited?.type !== 'organization.memberInvited')
          throw new Error('InviteMember produced no invitation');
        return {
          organizationId,
          invitationId: invited.data.invitationId,
          expiresAt: invited.data.expiresAt,
          revision,
        };
      },
    });
  }
}
