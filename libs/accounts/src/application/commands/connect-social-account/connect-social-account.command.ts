import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import type { OAuthTokens } from '../../../domain/social-account.commands';
import type { SocialPlatform } from '../../../domain/social-platform';
import type { SocialAccountCommandResult } from '../social-account-command';

/**
 * Sent by the OAuth callback once the code is exchanged. `role` comes from the verified session;
 * `planLimit` from the organization's plan and the accounts read model. The tokens travel in
 * plaintext only in memory: the events mark them as personal fields, so the store encrypts them.
 */
export class ConnectSocialAccountCommand extends HeraldCommand<SocialAccountCommandResult> {
  readonly commandType = 'accounts.connect';

  constructor(
    readonly organizationId: string,
    readonly role: MemberRole,
    readonly platform: SocialPlatform,
    readonly externalId: string,
    readonly handle: string,
    readonly displayName: string | null,
    readonly tokens: OAuthTokens,
    readonly planLimit: { readonly limit: number; readonly connectedAccounts: number },
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
