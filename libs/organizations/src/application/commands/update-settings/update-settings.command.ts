import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationSettingsChanges } from '../../../domain/organization.commands';
import type { OrganizationCommandResult } from '../organization-command';

export class UpdateOrganizationSettingsCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.updateSettings';

  constructor(
    readonly organizationId: string,
    readonly changes: OrganizationSettingsChanges,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
