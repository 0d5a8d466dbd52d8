import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { PlatformRegistry } from '@herald/platforms';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import { commandMetadata, type HeraldRequestContext } from '../graphql/request-context';
import { AccountConnectionService } from './account-connection.service';
import { connectorOf } from './connector-of';
import { PLATFORM_REGISTRY } from './platform-connections.providers';
import {
  ConnectWebhookAccountInput,
  IdempotencyKey,
  StartAccountConnectionArgs,
} from './social-account.inputs';
import { AccountConnectionStart, Platform, SocialAccountChange } from './social-account.models';

/** Which platforms can be connected, and starting a connection (OAuth or webhook). */
@Resolver()
export class AccountConnectionResolver {
  constructor(
    @Inject(PLATFORM_REGISTRY) private readonly registry: PlatformRegistry,
    private readonly connections: AccountConnectionService,
  ) {}

  @Query(() => [Platform], {
    description:
      'Every platform Herald knows; those without app credentials here are listed as unavailable, with the reason.',
  })
  platforms(): Platform[] {
    return this.registry.list().map((listing) => ({
      id: listing.platform,
      name: listing.name,
      available: listing.available,
      reason: listing.reason,
      usesOAuth: listing.platform !== 'webhook',
      capabilities: listing.capabilities === null ? null : { ...listing.capabilities },
    }));
  }

  @RequireRole('admin', 'manager')
  @Mutation(() => AccountConnectionStart, {
    description:
      'Starts connecting an account over OAuth: send the user to `authorizationUrl`; the platform returns them to Herald, which connects the account and redirects to the web app.',
  })
  startAccountConnection(
    @Args() args: StartAccountConnectionArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AccountConnectionStart> {
    return this.connections.start(connectorOf(context), args.platform, args.idempotencyKey ?? null);
  }

  @RequireRole('admin', 'manager')
  @Mutation(() => SocialAccountChange, {
    description:
      'Connects a Slack, Discord or generic webhook as an account (no OAuth). Connecting a URL already connected updates that account instead.',
  })
  connectWebhookAccount(
    @Args('input') input: ConnectWebhookAccountInput,
    @IdempotencyKey() idempotencyKey: string | null | undefined,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<SocialAccountChange> {
    return this.connections.connectWebhook(
      connectorOf(context),
      { kind: input.kind, url: input.url, signingSecret: input.signingSecret ?? null, name: input.name },
      commandMetadata(context, { idempotencyKey }),
    );
  }
}
