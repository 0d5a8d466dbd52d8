import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@herald/identity';
import type { ReadStore } from '@herald/read-store';
import { HeraldConfig, resolveJwtSecret, resolveMasterKey } from '@herald/shared-kernel';
import { READ_STORE } from '../infrastructure/read-store.module';
import { AccessTokens } from './access-tokens';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { EmailDigest } from './email-digest';
import { EmailDirectory } from './email-directory';
import { MembershipReader } from './membership-reader';
import { PasswordHasher } from './password-hasher';
import { SessionStore } from './session-store';
import { UserCredentialsReader } from './user-credentials';

@Injectable()
class SessionIndexes implements OnModuleInit {
  constructor(private readonly sessions: SessionStore) {}

  async onModuleInit(): Promise<void> {
    await this.sessions.setup();
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
  exports: [Authenticator, AuthService, MembershipReader],
})
export class IdentityApiModule {}
