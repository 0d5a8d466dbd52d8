import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@herald/identity';
import { MAILER, type Mailer, OutboxMailer, SmtpMailer } from '@herald/mail';
import type { ReadStore } from '@herald/read-store';
import { CLOCK, type Clock, HeraldConfig, resolveJwtSecret, resolveMasterKey } from '@herald/shared-kernel';
import { READ_STORE } from '../infrastructure/read-store.module';
import { AccessTokens } from './access-tokens';
import { AccountMails } from './account-mails';
import { AccountRecoveryService } from './account-recovery.service';
import { AccountSecurityResolver } from './account-security.resolver';
import { ApiKeyScopeGuard } from './api-key-scope.guard';
import { ApiKeyService } from './api-key.service';
import { ApiKeys } from './api-keys';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { EmailDigest } from './email-digest';
import { EmailDirectory } from './email-directory';
import { MembershipReader } from './membership-reader';
import { PasswordHasher } from './password-hasher';
import { OneTimeTokens } from './one-time-tokens';
import { SessionStore } from './session-store';
import { TotpEnrollments } from './totp-enrollments';
import { TwoFactorService } from './two-factor.service';
import { UserCredentialsReader } from './user-credentials';

@Injectable()
class SessionIndexes implements OnModuleInit {
  constructor(
    private readonly sessions: SessionStore,
    private readonly apiKeys: ApiKeys,
    private readonly totp: TotpEnrollments,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.sessions.setup();
    await this.apiKeys.setup();
    await this.totp.setup();
  }
}

/**
 * Sign-up, sign-in, sessions and the authentication the GraphQL guard relies on. Needs the
 * global config, event store, read store, commands and projections modules of the process.
 */
@Module({
  imports: [CqrsModule, IdentityModule],
  providers: [
    PasswordHasher,
    UserCredentialsReader,
    MembershipReader,
    Authenticator,
    AuthService,
    AuthResolver,
    SessionIndexes,
    AccountRecoveryService,
    TwoFactorService,
    ApiKeyService,
    AccountSecurityResolver,
    { provide: APP_GUARD, useClass: ApiKeyScopeGuard },
    {
      provide: MAILER,
      inject: [HeraldConfig, READ_STORE, CLOCK],
      useFactory: (config: HeraldConfig, readStore: ReadStore, clock: Clock): Mailer =>
        config.smtpUrl !== undefined
          ? new SmtpMailer(config.smtpUrl, config.mailFrom)
          : new OutboxMailer(readStore, new Logger('Mail'), () => clock.now()),
    },
    {
      provide: AccountMails,
      inject: [HeraldConfig],
      useFactory: (config: HeraldConfig) => new AccountMails(config.publicAppUrl),
    },
    {
      provide: TotpEnrollments,
      inject: [HeraldConfig, READ_STORE],
      useFactory: (config: HeraldConfig, readStore: ReadStore) =>
        new TotpEnrollments(readStore, resolveMasterKey(config, new Logger('Auth'))),
    },
    {
      provide: OneTimeTokens,
      inject: [READ_STORE],
      useFactory: (readStore: ReadStore) => new OneTimeTokens(readStore),
    },
    {
      provide: ApiKeys,
      inject: [READ_STORE],
      useFactory: (readStore: ReadStore) => new ApiKeys(readStore),
    },
    {
      provide: AccessTokens,
      inject: [HeraldConfig],
      useFactory: (config: HeraldConfig) => new AccessTokens(resolveJwtSecret(config, new Logger('Auth'))),
    },
    {
      provide: EmailDigest,
      inject: [HeraldConfig],
      useFactory: (config: HeraldConfig) => new EmailDigest(resolveMasterKey(config, new Logger('Auth'))),
    },
    {
      provide: EmailDirectory,
      inject: [READ_STORE],
      useFactory: (readStore: ReadStore) => new EmailDirectory(readStore),
    },
    {
      provide: SessionStore,
      inject: [READ_STORE],
      useFactory: (readStore: ReadStore) => new SessionStore(readStore),
    },
  ],
  exports: [Authenticator, AuthService, MembershipReader, MAILER],
})
export class IdentityApiModule {}
