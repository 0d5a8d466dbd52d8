import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { SocialAccountCommandResult } from '../social-account-command';

/** What the publisher or a platform callback observed about an account. */
export type AccountHealthReport =
  | { readonly kind: 'rate_limited'; readonly until: string }
  | { readonly kind: 'error'; readonly errorCode: string; readonly message: string }
  | { readonly kind: 'expired'; readonly reason: string }
  | { readonly kind: 'healthy' };

export class ReportSocialAccountHealthCommand extends HeraldCommand<SocialAccountCommandResult> {
  readonly commandType = 'accounts.reportHealth';

  constructor(
    readonly accountId: string,
    readonly report: AccountHealthReport,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
