import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class EnableTotpCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.enableTotp';

  constructor(
    readonly userId: string,
    readonly secretRef: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
