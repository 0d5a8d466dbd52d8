import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class DisableTotpCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.disableTotp';

  constructor(
    readonly userId: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
