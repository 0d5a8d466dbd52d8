import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from '@herald/accounts';
import { AccountConnectionResolver } from './account-connection.resolver';
import { AccountConnectionService } from './account-connection.service';
import { AccountDisconnectionService } from './account-disconnection.service';
import { OAuthCallbackController } from './oauth-callback.controller';
import { OrganizationFactsReader } from './organization-facts.reader';
import { platformConnectionProviders } from './platform-connections.providers';
import { SocialAccountStreamReader } from './social-account-stream.reader';
import { SocialAccountsResolver } from './social-accounts.resolver';

/**
 * Social accounts at the API edge: the platforms on offer, the OAuth connect flow (GraphQL start,
 * REST callback), webhook targets, account reads from the accounts projection, and disconnects.
 * Needs the process's config, event store, commands and projections modules.
 */
@Module({
  imports: [CqrsModule, AccountsModule],
  controllers: [OAuthCallbackController],
  providers: [
    ...platformConnectionProviders,
    OrganizationFactsReader,
    SocialAccountStreamReader,
    AccountConnectionService,
    AccountDisconnectionService,
    AccountConnectionResolver,
    SocialAccountsResolver,
  ],
})
export class AccountsApiModule {}
