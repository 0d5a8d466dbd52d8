import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChangePasswordHandler } from './application/commands/change-password/change-password.handler';
import { CompleteErasureHandler } from './application/commands/complete-erasure/complete-erasure.handler';
import { DisableTotpHandler } from './application/commands/disable-totp/disable-totp.handler';
import { EnableTotpHandler } from './application/commands/enable-totp/enable-totp.handler';
import { GrantConsentHandler } from './application/commands/grant-consent/grant-consent.handler';
import { RegisterUserHandler } from './application/commands/register-user/register-user.handler';
import { RequestDataExportHandler } from './application/commands/request-data-export/request-data-export.handler';
import { RequestEmailVerificationHandler } from './application/commands/request-email-verification/request-email-verification.handler';
import { RequestErasureHandler } from './application/commands/request-erasure/request-erasure.handler';
import { VerifyEmailHandler } from './application/commands/verify-email/verify-email.handler';
import { WithdrawConsentHandler } from './application/commands/withdraw-consent/withdraw-consent.handler';

export const IDENTITY_COMMAND_HANDLERS = [
  RegisterUserHandler,
  RequestEmailVerificationHandler,
  VerifyEmailHandler,
  ChangePasswordHandler,
  EnableTotpHandler,
  DisableTotpHandler,
  GrantConsentHandler,
  WithdrawConsentHandler,
  RequestDataExportHandler,
  RequestErasureHandler,
  CompleteErasureHandler,
];

/** Needs `CommandsModule.forRoot(...)` (global) in the process: handlers inject its CommandPipeline. */
@Module({
  imports: [CqrsModule],
  providers: [...IDENTITY_COMMAND_HANDLERS],
})
export class IdentityModule {}
