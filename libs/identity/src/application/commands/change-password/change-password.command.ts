import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class ChangePasswordCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.changePassword';

  constructor(
    readonly userId: string,
    readonly passwordHash: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
