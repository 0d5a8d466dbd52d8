import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class ChangePlanCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.changePlan';

  constructor(
    readonly organizationId: string,
    readonly plan: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
