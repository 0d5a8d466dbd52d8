import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OrganizationCommandResult } from '../organization-command';

export class CreateOrganizationCommand extends HeraldCommand<OrganizationCommandResult> {
  readonly commandType = 'organizations.create';

  constructor(
    readonly name: string,
    readonly timeZone: string,
    metadata: RequestMetadata,
    /** Paid plans normally arrive through billing; an organization starts free. */
    readonly plan: string = 'free',
  ) {
    super(metadata);
  }
}
