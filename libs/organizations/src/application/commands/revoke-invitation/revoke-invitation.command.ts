import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class RevokeInvitationCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.revokeInvitation';

  constructor(
    readonly organizationId: string,
    readonly invitationId: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
