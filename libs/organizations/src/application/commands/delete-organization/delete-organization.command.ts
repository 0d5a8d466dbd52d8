import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class DeleteOrganizationCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.delete';

  constructor(
    readonly organizationId: string,
    readonly confirmName: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
