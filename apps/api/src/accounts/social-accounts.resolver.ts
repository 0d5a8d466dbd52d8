import { Args, ArgsType, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional } from 'class-validator';
import { SOCIAL_PLATFORMS, type AccountHealthStatus, type SocialPlatform } from '@herald/accounts';
import { MEMBER_ROLES } from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import {
  ACCOUNT_HEALTH_STATUSES,
  accountsQueries,
  type AccountView,
  type AccountsQueries,
} from '@herald/projections/accounts';
import { HeraldError } from '@herald/shared-kernel';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import { commandMetadata, type HeraldRequestContext } from '../graphql/request-context';
import { AccountDisconnectionService } from './account-disconnection.service';
import { connectorOf } from './connector-of';
import { AccountDailyUsageArgs, DisconnectAccountArgs, SocialAccountArgs } from './social-account.inputs';
import {
  AccountDailyUsage,
  AccountDisconnection,
  AccountHealthEnum,
  SocialAccount,
  SocialPlatformEnum,
} from './social-account.models';

@ArgsType()
class SocialAccountsArgs {
  @Field(() => [AccountHealthEnum], {
    nullable: true,
    description: 'Default: every status but disconnected.',
  })
  @IsOptional()
  @ArrayMaxSize(ACCOUNT_HEALTH_STATUSES.length)
  @IsIn(ACCOUNT_HEALTH_STATUSES, { each: true })
  health?: AccountHealthStatus[] | null;

  @Field(() => [SocialPlatformEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(SOCIAL_PLATFORMS.length)
  @IsIn(SOCIAL_PLATFORMS, { each: true })
  platforms?: SocialPlatform[] | null;
}

/** Reads come from the accounts projection, always within the caller's organization. */
@Resolver(() => SocialAccount)
export class SocialAccountsResolver {
  private readonly queries: AccountsQueries;

  constructor(
    private readonly disconnection: AccountDisconnectionService,
    catalog: ProjectionCatalog,
  ) {
    this.queries = accountsQueries(catalog);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => [SocialAccount], { description: "Your organization's accounts, by platform then handle." })
  async socialAccounts(
    @Args() args: SocialAccountsArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<SocialAccount[]> {
    const views = await this.queries.list({
      organizationId: connectorOf(context).organizationId,
      ...(args.health ? { health: args.health } : {}),
      ...(args.platforms ? { platforms: args.platforms } : {}),
    });
    return views.map(toSocialAccount);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => SocialAccount, {
    description: "One of your organization's accounts; any other id is NOT_FOUND.",
  })
  async socialAccount(
    @Args() args: SocialAccountArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<SocialAccount> {
    const view = await this.queries.get({
      organizationId: connectorOf(context).organizationId,
      accountId: args.id,
    });
    if (view === null)
      throw new HeraldError('NOT_FOUND', 'This social account does not exist.', { accountId: args.id });
    return toSocialAccount(view);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => [AccountDailyUsage], {
    description: 'Posts per connected account on one local day, against its daily cap.',
  })
  async accountDailyUsage(
    @Args() args: AccountDailyUsageArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AccountDailyUsage[]> {
    return this.queries.dailyUsage({
      organizationId: connectorOf(context).organizationId,
      date: args.date,
      ...(args.timeZone ? { timeZone: args.timeZone } : {}),
    });
  }

  @RequireRole('admin', 'manager')
  @Mutation(() => AccountDisconnection, {
    description:
      'Revokes the grant at the platform when it can, then disconnects the account for good (its tokens are forgotten).',
  })
  disconnectAccount(
    @Args() args: DisconnectAccountArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AccountDisconnection> {
    return this.disconnection.disconnect(
      connectorOf(context),
      args.id,
      args.reason ?? null,
      commandMetadata(context, { idempotencyKey: args.idempotencyKey }),
    );
  }
}

function toSocialAccount(view: AccountView): SocialAccount {
  const instant = (value: string | null): Date | null => (value === null ? null : new Date(value));
  return {
    id: view.id,
    platform: view.platform,
    handle: view.handle,
    displayName: view.displayName,
    scopes: [...view.scopes],
    health: view.health,
    healthDetail: {
      code: view.healthDetail.code,
      message: view.healthDetail.message,
      until: instant(view.healthDetail.until),
    },
    tokenExpiresAt: instant(view.tokenExpiresAt),
    generation: view.generation,
    connectedAt: new Date(view.connectedAt),
    connectedBy: view.connectedBy,
    disconnectedAt: instant(view.disconnectedAt),
  };
}
