import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class GrantConsentCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.grantConsent';

  constructor(
    readonly userId: string,
    readonly purpose: string,
    readonly policyVersion: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
