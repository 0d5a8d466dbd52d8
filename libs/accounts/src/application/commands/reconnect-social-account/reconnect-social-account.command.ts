import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { OAuthTokens } from '../../../domain/social-account.commands';
import type { SocialAccountCommandResult } from '../social-account-command';

/** After a new OAuth consent for the same platform account; the new tokens get a new credential subject. */
export class ReconnectSocialAccountCommand extends HeraldCommand<SocialAccountCommandResult> {
  readonly commandType = 'accounts.reconnect';

  constructor(
    readonly accountId: string,
    readonly role: MemberRole,
    readonly externalId: string,
    readonly handle: string,
    readonly tokens: OAuthTokens,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
