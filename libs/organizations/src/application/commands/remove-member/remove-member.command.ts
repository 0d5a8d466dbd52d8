import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class RemoveMemberCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.removeMember';

  constructor(
    readonly organizationId: string,
    readonly userId: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
