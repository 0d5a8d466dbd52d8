import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { OAuthTokens } from '../../../domain/social-account.commands';
import type { SocialAccountCommandResult } from '../social-account-command';

/** Issued by the token-refresh saga (system actor) before the access token expires. */
export class RefreshSocialAccountTokensCommand extends HeraldCommand<SocialAccountCommandResult> {
  readonly commandType = 'accounts.refreshTokens';

  constructor(
    readonly accountId: string,
    readonly tokens: OAuthTokens,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
