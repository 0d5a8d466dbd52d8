import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class WithdrawConsentCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.withdrawConsent';

  constructor(
    readonly userId: string,
    readonly purpose: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
