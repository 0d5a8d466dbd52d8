import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class RenameOrganizationCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.rename';

  constructor(
    readonly organizationId: string,
    readonly name: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
