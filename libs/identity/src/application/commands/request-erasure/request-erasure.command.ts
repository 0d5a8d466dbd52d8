import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class RequestErasureCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.requestErasure';

  constructor(
    readonly userId: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
