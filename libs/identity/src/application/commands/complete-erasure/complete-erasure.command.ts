import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

export class CompleteErasureCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.completeErasure';

  constructor(
    readonly userId: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
