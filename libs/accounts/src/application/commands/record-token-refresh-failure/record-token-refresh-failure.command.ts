import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { SocialAccountCommandResult } from '../social-account-command';

/** `permanent`: the grant was revoked (`invalid_grant`); the account expires until reconnected. */
export class RecordTokenRefreshFailureCommand extends HeraldCommand<SocialAccountCommandResult> {
  readonly commandType = 'accounts.recordRefreshFailure';

  constructor(
    readonly accountId: string,
    readonly reason: string,
    readonly permanent: boolean,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
