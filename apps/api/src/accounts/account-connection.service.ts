import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ConnectSocialAccountCommand,
  ReconnectSocialAccountCommand,
  type SocialAccountCommandResult,
  type SocialPlatform,
} from '@herald/accounts';
import type { RequestMetadata } from '@herald/commands';
import { PLAN_LIMITS, type MemberRole } from '@herald/organizations';
import {
  OAUTH_STATE_TTL_MS,
  WebhookConnector,
  type ConnectableAccount,
  type OAuthConnection,
  type OAuthStateOwner,
  type PlatformRegistry,
  type RedirectCallback,
} from '@herald/platforms';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { accountsQueries, type AccountsQueries } from '@herald/projections/accounts';
import { CLOCK, type Clock, HeraldConfig, HeraldError } from '@herald/shared-kernel';
import { OrganizationFactsReader } from './organization-facts.reader';
import {
  OAUTH_CONNECTION,
  OAUTH_STATES,
  PLATFORM_REGISTRY,
  type OAuthStatesProvider,
} from './platform-connections.providers';
import { RecentConnectionStarts, type ConnectionStart } from './recent-connection-starts';
import { SocialAccountStreamReader } from './social-account-stream.reader';

/** Who connects, as the GraphQL guard or the OAuth state established it. */
export interface Connector {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: MemberRole;
}

export interface ConnectionOutcome {
  readonly accountIds: readonly string[];
  /** Set when some accounts of the grant could not be connected (the others were). */
  readonly failure: HeraldError | null;
}

/** The request a redirect arrived with, for the metadata of the events it causes. */
export type CallbackOrigin = Pick<RequestMetadata, 'requestId' | 'ip' | 'userAgent'> & {
  readonly requestId: string;
};

const ACCOUNT_MANAGERS: readonly MemberRole[] = ['admin', 'manager'];

/**
 * Connecting accounts: the start of an OAuth authorization, its completion from the platform's
 * redirect, and webhook targets typed in by a user. Every path ends in the accounts context's
 * connect command (or reconnect, when the organization already has that platform account live),
 * whose events carry the tokens as personal fields that the event store encrypts.
 */
@Injectable()
export class AccountConnectionService {
  private readonly queries: AccountsQueries;
  private readonly recentStarts = new RecentConnectionStarts();

  constructor(
    @Inject(OAUTH_CONNECTION) private readonly connection: OAuthConnection,
    @Inject(OAUTH_STATES) private readonly oauth: OAuthStatesProvider,
    @Inject(PLATFORM_REGISTRY) private readonly registry: PlatformRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: HeraldConfig,
    private readonly commandBus: CommandBus,
    private readonly organizations: OrganizationFactsReader,
    private readonly streams: SocialAccountStreamReader,
    catalog: ProjectionCatalog,
  ) {
    this.queries = accountsQueries(catalog);
  }

  redirectUri(platform: SocialPlatform): string {
    return `${this.config.apiBaseUrl}/oauth/${platform}/callback`;
  }

  async start(
    connector: Connector,
    platform: SocialPlatform,
    idempotencyKey: string | null,
  ): Promise<ConnectionStart> {
    const oauth = this.registry.get(platform).oauth;
    if (oauth === null) {
      throw new HeraldError(
        'PLATFORM.NOT_SUPPORTED',
        'Webhook targets are connected with connectWebhookAccount, without OAuth.',
        {
          platform,
        },
      );
    }
    const now = this.clock.now();
    const key =
      idempotencyKey === null
        ? null
        : [connector.organizationId, connector.userId, platform, idempotencyKey].join('\n');
    const earlier = key === null ? null : this.recentStarts.get(key, now);
    if (earlier !== null) return earlier;

    await this.oauth.store.purgeExpired(now);
    const request = await this.connection.begin({
      platform,
      userId: connector.userId,
      organizationId: connector.organizationId,
      redirectUri: this.redirectUri(platform),
    });
    // Read before the state was issued, so it is never later than the state's own expiry.
    const start = { authorizationUrl: request.url, expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS) };
    if (key !== null) this.recentStarts.remember(key, start, now);
    return start;
  }

  /** Throws when the state is refused, the user declined, or the platform failed: nothing is connected then. */
  async complete(callback: RedirectCallback, origin: CallbackOrigin): Promise<ConnectionOutcome> {
    const authorized: { role?: MemberRole } = {};
    const completed = await this.connection.completeRedirect(callback, async (owner) => {
      authorized.role = await this.managerRole(owner);
    });
    const role = authorized.role;
    if (role === undefined) throw new Error('the OAuth owner was not authorized before the exchange');
    if (completed.accounts.length === 0) {
      throw new HeraldError('ACCOUNT.NOTHING_TO_CONNECT', undefined, { platform: callback.platform });
    }
    const connector: Connector = {
      userId: completed.owner.userId,
      organizationId: completed.owner.organizationId,
      role,
    };
    const metadata: RequestMetadata = {
      tenantId: connector.organizationId,
      actor: { kind: 'user', id: connector.userId },
      correlationId: origin.requestId,
      causationId: null,
      ...origin,
    };
    return this.connectAll(connector, callback.platform, completed.accounts, metadata);
  }

  async connectWebhook(
    connector: Connector,
    target: {
      readonly kind: string;
      readonly url: string;
      readonly signingSecret: string | null;
      readonly name: string;
    },
    metadata: RequestMetadata,
  ): Promise<SocialAccountCommandResult> {
    const webhooks = this.registry.get('webhook');
    if (!(webhooks instanceof WebhookConnector))
      throw new Error('the webhook platform is served by an unexpected connector');
    const account = { ...webhooks.connect(target), displayName: target.name };
    const outcome = await this.connectAll(connector, 'webhook', [account], metadata);
    if (outcome.failure !== null) throw outcome.failure;
    return { accountId: outcome.accountIds[0], revision: null };
  }

  private async managerRole(owner: OAuthStateOwner): Promise<MemberRole> {
    const { role } = await this.organizations.factsFor(owner.userId, owner.organizationId);
    if (role === null || !ACCOUNT_MANAGERS.includes(role)) {
      throw new HeraldError(
        'ACCOUNT.FORBIDDEN',
        'Only admins and managers of the organization can connect social accounts.',
        {
          role,
        },
      );
    }
    return role;
  }

  /**
   * One command per account, in order; a Facebook grant may bring several Pages. A failure stops
   * the rest (the plan limit would refuse them too) and is reported beside what was connected.
   */
  private async connectAll(
    connector: Connector,
    platform: SocialPlatform,
    accounts: readonly ConnectableAccount[],
    metadata: RequestMetadata,
  ): Promise<ConnectionOutcome> {
    const { plan } = await this.organizations.factsFor(connector.userId, connector.organizationId);
    if (plan === null)
      throw new HeraldError('NOT_FOUND', 'This organization does not exist.', {
        organizationId: connector.organizationId,
      });
    const live = await this.queries.list({ organizationId: connector.organizationId });
    const existing = new Map<string, string>();
    for (const account of live.filter((view) => view.platform === platform)) {
      const externalId = await this.streams.externalIdOf(account.id);
      if (externalId !== null) existing.set(externalId, account.id);
    }
    let connectedAccounts = live.length;
    const accountIds: string[] = [];
    for (const account of accounts) {
      try {
        const accountId = existing.get(account.externalId);
        if (accountId !== undefined) {
          await this.commandBus.execute(
            new ReconnectSocialAccountCommand(
              accountId,
              connector.role,
              account.externalId,
              account.handle,
              account.tokens,
              metadata,
            ),
          );
          accountIds.push(accountId);
          continue;
        }
        const connected = await this.commandBus.execute(
          new ConnectSocialAccountCommand(
            connector.organizationId,
            connector.role,
            platform,
            account.externalId,
            account.handle,
            account.displayName,
            account.tokens,
            { limit: PLAN_LIMITS[plan].socialAccounts, connectedAccounts },
            metadata,
          ),
        );
        connectedAccounts += 1;
        accountIds.push(connected.accountId);
      } catch (error) {
        if (accounts.length === 1 || !(error instanceof HeraldError)) throw error;
        return { accountIds, failure: error };
      }
    }
    return { accountIds, failure: null };
  }
}
