import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class AcceptInvitationCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.acceptInvitation';

  constructor(
    readonly organizationId: string,
    readonly invitationId: string,
    readonly token: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
