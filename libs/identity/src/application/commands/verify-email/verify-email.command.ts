import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class VerifyEmailCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.verifyEmail';

  constructor(
    readonly userId: string,
    readonly tokenHash: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
