import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class RequestEmailVerificationCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.requestEmailVerification';

  constructor(
    readonly userId: string,
    readonly tokenHash: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
