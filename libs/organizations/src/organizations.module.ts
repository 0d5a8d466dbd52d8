import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcceptInvitationHandler } from './application/commands/accept-invitation/accept-invitation.handler';
import { ChangeMemberRoleHandler } from './application/commands/change-member-role/change-member-role.handler';
import { ChangePlanHandler } from './application/commands/change-plan/change-plan.handler';
import { CreateOrganizationHandler } from './application/commands/create-organization/create-organization.handler';
import { DeleteOrganizationHandler } from './application/commands/delete-organization/delete-organization.handler';
import { InviteMemberHandler } from './application/commands/invite-member/invite-member.handler';
import { RemoveMemberHandler } from './application/commands/remove-member/remove-member.handler';
import { RenameOrganizationHandler } from './application/commands/rename-organization/rename-organization.handler';
import { RevokeInvitationHandler } from './application/commands/revoke-invitation/revoke-invitation.handler';
import { UpdateOrganizationSettingsHandler } from './application/commands/update-settings/update-settings.handler';

export const ORGANIZATION_COMMAND_HANDLERS = [
  CreateOrganizationHandler,
  RenameOrganizationHandler,
  ChangePlanHandler,
  InviteMemberHandler,
  AcceptInvitationHandler,
  RevokeInvitationHandler,
  ChangeMemberRoleHandler,
  RemoveMemberHandler,
  UpdateOrganizationSettingsHandler,
  DeleteOrganizationHandler,
];

/** Needs `CommandsModule.forRoot(...)` (global) in the process: handlers inject its CommandPipeline. */
@Module({
  imports: [CqrsModule],
  providers: [...ORGANIZATION_COMMAND_HANDLERS],
})
export class OrganizationsModule {}
