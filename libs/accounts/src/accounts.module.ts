import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConnectSocialAccountHandler } from './application/commands/connect-social-account/connect-social-account.handler';
import { DisconnectSocialAccountHandler } from './application/commands/disconnect-social-account/disconnect-social-account.handler';
import { ReconnectSocialAccountHandler } from './application/commands/reconnect-social-account/reconnect-social-account.handler';
import { RecordTokenRefreshFailureHandler } from './application/commands/record-token-refresh-failure/record-token-refresh-failure.handler';
import { RefreshSocialAccountTokensHandler } from './application/commands/refresh-social-account-tokens/refresh-social-account-tokens.handler';
import { ReportSocialAccountHealthHandler } from './application/commands/report-social-account-health/report-social-account-health.handler';

export const SOCIAL_ACCOUNT_COMMAND_HANDLERS = [
  ConnectSocialAccountHandler,
  ReconnectSocialAccountHandler,
  DisconnectSocialAccountHandler,
  RefreshSocialAccountTokensHandler,
  RecordTokenRefreshFailureHandler,
  ReportSocialAccountHealthHandler,
];

/** Needs `CommandsModule.forRoot(...)` (global) in the process: handlers inject its CommandPipeline. */
@Module({
  imports: [CqrsModule],
  providers: [...SOCIAL_ACCOUNT_COMMAND_HANDLERS],
})
export class AccountsModule {}
