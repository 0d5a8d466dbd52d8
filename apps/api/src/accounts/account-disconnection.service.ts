import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DisconnectSocialAccountCommand, type OAuthTokens, type SocialPlatform } from '@herald/accounts';
import type { RequestMetadata } from '@herald/commands';
import type { PlatformRegistry } from '@herald/platforms';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { accountsQueries, type AccountsQueries } from '@herald/projections/accounts';
import { HeraldError } from '@herald/shared-kernel';
import type { Connector } from './account-connection.service';
import { PLATFORM_REGISTRY } from './platform-connections.providers';
import { SocialAccountStreamReader } from './social-account-stream.reader';

export interface Disconnection {
  readonly accountId: string;
  readonly revision: number | null;
  readonly revokedAtPlatform: boolean;
}

/**
 * Disconnecting revokes the grant at the platform first, while the tokens are still readable
 * (the disconnect event lists their keys to forget), then records the disconnect. A revocation
 * the platform refuses or cannot take does not block the disconnect: Herald forgets the tokens
 * either way, and the person can still remove the app on the platform's side.
 */
@Injectable()
export class AccountDisconnectionService {
  private readonly logger = new Logger('AccountDisconnection');
  private readonly queries: AccountsQueries;

  constructor(
    @Inject(PLATFORM_REGISTRY) private readonly registry: PlatformRegistry,
    private readonly commandBus: CommandBus,
    private readonly streams: SocialAccountStreamReader,
    catalog: ProjectionCatalog,
  ) {
    this.queries = accountsQueries(catalog);
  }

  async disconnect(
    connector: Connector,
    accountId: string,
    reason: string | null,
    metadata: RequestMetadata,
  ): Promise<Disconnection> {
    const { state, tenantId, tokens } = await this.streams.read(accountId);
    // Another tenant's account is indistinguishable from none.
    if (state.status === 'none' || tenantId !== connector.organizationId) {
      throw new HeraldError('NOT_FOUND', 'This social account does not exist.', { accountId });
    }
    const revokedAtPlatform =
      state.status !== 'disconnected' && tokens !== null
        ? await this.revoke(connector.organizationId, accountId, state.account.platform, tokens)
        : false;
    const result = await this.commandBus.execute(
      new DisconnectSocialAccountCommand(accountId, connector.role, reason, metadata),
    );
    return { ...result, revokedAtPlatform };
  }

  private async revoke(
    organizationId: string,
    accountId: string,
    platform: SocialPlatform,
    tokens: OAuthTokens,
  ): Promise<boolean> {
    if (!this.registry.isAvailable(platform)) return false;
    const oauth = this.registry.get(platform).oauth;
    if (oauth === null || !oauth.supportsRevoke) return false;
    if (await this.grantIsShared(organizationId, accountId, platform, tokens)) return false;
    try {
      await oauth.revoke(tokens);
      return true;
    } catch (error) {
      this.logger.warn(
        { accountId, platform, err: error },
        'the platform did not confirm the revocation; disconnecting anyway',
      );
      return false;
    }
  }

  /**
   * Pages connected from one Facebook login share the user token, and revoking it would cut all
   * of them off; such a grant is left in place until its last account goes.
   */
  private async grantIsShared(
    organizationId: string,
    accountId: string,
    platform: SocialPlatform,
    tokens: OAuthTokens,
  ): Promise<boolean> {
    const grant = tokens.refreshToken ?? tokens.accessToken;
    const others = (await this.queries.list({ organizationId, platforms: platform })).filter(
      (view) => view.id !== accountId,
    );
    for (const other of others) {
      const theirs = (await this.streams.read(other.id)).tokens;
      if (theirs !== null && (theirs.refreshToken ?? theirs.accessToken) === grant) return true;
    }
    return false;
  }
}
