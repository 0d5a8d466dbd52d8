import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { SocialAccountCommandResult } from '../social-account-command';

/**
 * Terminal. The disconnect saga revokes the tokens at the platform, then forgets the keys of the
 * credential subjects listed in `socialAccount.disconnected`, which crypto-shreds every stored copy.
 */
export class DisconnectSocialAccountCommand extends HeraldCommand<SocialAccountCommandResult> {
  readonly commandType = 'accounts.disconnect';

  constructor(
    readonly accountId: string,
    readonly role: MemberRole,
    readonly reason: string | null,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
