import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class ChangeMemberRoleCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.changeMemberRole';

  constructor(
    readonly organizationId: string,
    readonly userId: string,
    readonly role: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
