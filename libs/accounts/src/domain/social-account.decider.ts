import { assertNever, HeraldError, type Decider } from '@herald/shared-kernel';
import {
  requireAccountManager,
  requireExisting,
  requireInstant,
  requireLive,
  requireSystemActor,
  requireText,
  validateTokens,
} from './account-rules';
import type { SocialAccountCommand } from './social-account.commands';
import {
  credentialPersonalFields,
  credentialSubjectId,
  type SocialAccountEvent,
  type StoredCredentials,
} from './social-account.events';
import type { ConnectedAccount, SocialAccountState } from './social-account.state';
import { isSocialPlatform, PLATFORM_NAMES } from './social-platform';

const V1 = 1;

function decide(command: SocialAccountCommand, state: SocialAccountState): readonly SocialAccountEvent[] {
  const now = command.context.now.toISOString();
  switch (command.type) {
    case 'ConnectSocialAccount': {
      requireAccountManager(command.role, 'connect social accounts');
      if (state.status !== 'none') {
        throw new HeraldError(
          'ACCOUNT.ALREADY_CONNECTED',
          `This social account (${state.account.handle}) is already connected.`,
          {
            accountId: state.account.accountId,
            status: state.status,
          },
        );
      }
      if (!isSocialPlatform(command.platform)) {
        throw new HeraldError('VALIDATION.FAILED', `Unknown platform "${String(command.platform)}".`, {
          field: 'platform',
        });
      }
      requireText(command.externalId, 'externalId');
      requireText(command.handle, 'handle');
      validateTokens(command.tokens, command.context.now);
      const { limit, connectedAccounts } = command.planLimit;
      if (connectedAccounts >= limit) {
        throw new HeraldError(
          'ACCOUNT.PLAN_LIMIT_REACHED',
          `Your plan allows ${limit} connected social accounts and ${connectedAccounts} are connected; disconnect one or upgrade the plan.`,
          { limit, actual: connectedAccounts },
        );
      }
      const credentials: StoredCredentials = {
        subjectId: credentialSubjectId(command.accountId, 1),
        accessToken: command.tokens.accessToken,
        refreshToken: command.tokens.refreshToken,
      };
      return [
        {
          type: 'socialAccount.connected',
          schemaVersion: V1,
          data: {
            accountId: command.accountId,
            organizationId: command.organizationId,
            platform: command.platform,
            externalId: command.externalId,
            handle: command.handle,
            displayName: command.displayName,
            scopes: command.tokens.scopes,
            tokenExpiresAt: command.tokens.expiresAt,
            generation: 1,
            credentials,
            connectedBy: command.context.actor.id,
            connectedAt: now,
          },
          personalFields: credentialPersonalFields(credentials),
        },
      ];
    }
    case 'ReconnectSocialAccount': {
      requireAccountManager(command.role, 'reconnect social accounts');
      const live = requireLive(state);
      const { account } = live;
      if (command.externalId !== account.externalId) {
        throw new HeraldError(
          'ACCOUNT.EXTERNAL_ID_MISMATCH',
          `You signed in to ${PLATFORM_NAMES[account.platform]} as a different account than ${account.handle}; sign in as ${account.handle} to reconnect it, or connect the other account separately.`,
          { accountId: account.accountId, platform: account.platform },
        );
      }
      requireText(command.handle, 'handle');
      validateTokens(command.tokens, command.context.now);
      const generation = account.generation + 1;
      const credentials: StoredCredentials = {
        subjectId: credentialSubjectId(account.accountId, generation),
        accessToken: command.tokens.accessToken,
        refreshToken: command.tokens.refreshToken,
      };
      return [
        {
          type: 'socialAccount.reconnected',
          schemaVersion: V1,
          data: {
            accountId: account.accountId,
            handle: command.handle,
            scopes: command.tokens.scopes,
            tokenExpiresAt: command.tokens.expiresAt,
            generation,
            credentials,
            reconnectedBy: command.context.actor.id,
            reconnectedAt: now,
          },
          personalFields: credentialPersonalFields(credentials),
        },
      ];
    }
    case 'DisconnectSocialAccount': {
      requireAccountManager(command.role, 'disconnect social accounts');
      const { account } = requireLive(state);
      const credentialSubjectIds = Array.from({ length: account.generation }, (_, index) =>
        credentialSubjectId(account.accountId, index + 1),
      );
      return [
        {
          type: 'socialAccount.disconnected',
          schemaVersion: V1,
          data: {
            accountId: account.accountId,
            reason: command.reason,
            disconnectedBy: command.context.actor.id,
            disconnectedAt: now,
            credentialSubjectIds,
          },
        },
      ];
    }
    case 'RefreshSocialAccountTokens': {
      requireSystemActor(command.context, 'refresh account tokens');
      const { account } = requireLive(state);
      validateTokens(command.tokens, command.context.now);
      const credentials: StoredCredentials = {
        subjectId: credentialSubjectId(account.accountId, account.generation),
        accessToken: command.tokens.accessToken,
        refreshToken: command.tokens.refreshToken,
      };
      return [
        {
          type: 'socialAccount.tokensRefreshed',
          schemaVersion: V1,
          data: {
            accountId: account.accountId,
            scopes: command.tokens.scopes,
            tokenExpiresAt: command.tokens.expiresAt,
            credentials,
            refreshedAt: now,
          },
          personalFields: credentialPersonalFields(credentials),
        },
      ];
    }
    case 'RecordTokenRefreshFailure': {
      requireSystemActor(command.context, 'record token refresh failures');
      const { account } = requireLive(state);
      requireText(command.reason, 'reason');
      return [
        {
          type: 'socialAccount.tokenRefreshFailed',
          schemaVersion: V1,
          data: {
            accountId: account.accountId,
            reason: command.reason,
            permanent: command.permanent,
            failedAt: now,
          },
        },
      ];
    }
    case 'MarkSocialAccountRateLimited': {
      requireSystemActor(command.context, 'mark accounts as rate limited');
      const { account } = requireLive(state);
      const until = requireInstant(command.until, 'until');
      if (until.getTime() <= command.context.now.getTime()) {
        throw new HeraldError(
          'VALIDATION.FAILED',
          `A rate limit must end in the future; ${command.until} has passed.`,
          {
            field: 'until',
          },
        );
      }
      return [
        {
          type: 'socialAccount.rateLimited',
          schemaVersion: V1,
          data: { accountId: account.accountId, until: until.toISOString(), at: now },
        },
      ];
    }
    case 'MarkSocialAccountError': {
      requireSystemActor(command.context, 'mark accounts in error');
      const live = requireLive(state);
      requireText(command.errorCode, 'errorCode');
      if (live.status === 'error' && live.errorCode === command.errorCode && live.message === command.message)
        return [];
      return [
        {
          type: 'socialAccount.errored',
          schemaVersion: V1,
          data: {
            accountId: live.account.accountId,
            errorCode: command.errorCode,
            message: command.message,
            at: now,
          },
        },
      ];
    }
    case 'MarkSocialAccountExpired': {
      requireSystemActor(command.context, 'mark accounts as expired');
      const live = requireLive(state);
      if (live.status === 'expired') return [];
      return [
        {
          type: 'socialAccount.expired',
          schemaVersion: V1,
          data: { accountId: live.account.accountId, reason: command.reason, at: now },
        },
      ];
    }
    case 'MarkSocialAccountHealthy': {
      requireSystemActor(command.context, 'mark accounts as healthy');
      const live = requireLive(state);
      switch (live.status) {
        case 'active':
          return [];
        case 'expired':
          throw new HeraldError(
            'ACCOUNT.TOKEN_EXPIRED',
            `The ${PLATFORM_NAMES[live.account.platform]} account ${live.account.handle} has expired credentials; refresh or reconnect it first.`,
            { accountId: live.account.accountId },
          );
        case 'error':
        case 'rate_limited':
          return [
            {
              type: 'socialAccount.healthRestored',
              schemaVersion: V1,
              data: { accountId: live.account.accountId, previousStatus: live.status, at: now },
            },
          ];
        default:
          return assertNever(live, 'account status');
      }
    }
    default:
      return assertNever(command, 'social account command');
  }
}

function evolve(state: SocialAccountState, event: SocialAccountEvent): SocialAccountState {
  switch (event.type) {
    case 'socialAccount.connected': {
      const { data } = event;
      const account: ConnectedAccount = {
        accountId: data.accountId,
        organizationId: data.organizationId,
        platform: data.platform,
        externalId: data.externalId,
        handle: data.handle,
        scopes: data.scopes,
        tokenExpiresAt: data.tokenExpiresAt,
        hasRefreshToken: data.credentials.refreshToken !== null,
        generation: data.generation,
      };
      return { status: 'active', account };
    }
    case 'socialAccount.reconnected': {
      const existing = requireExisting(state);
      const account: ConnectedAccount = {
        ...existing.account,
        handle: event.data.handle,
        scopes: event.data.scopes,
        tokenExpiresAt: event.data.tokenExpiresAt,
        // An erased token reads back as a marker object, never null: presence survives erasure.
        hasRefreshToken: event.data.credentials.refreshToken !== null,
        generation: event.data.generation,
      };
      return { status: 'active', account };
    }
    case 'socialAccount.tokensRefreshed': {
      const existing = requireExisting(state);
      const account: ConnectedAccount = {
        ...existing.account,
        scopes: event.data.scopes,
        tokenExpiresAt: event.data.tokenExpiresAt,
        hasRefreshToken: existing.account.hasRefreshToken || event.data.credentials.refreshToken !== null,
      };
      // A fresh token does not lift a platform's rate limit.
      if (existing.status === 'rate_limited' && existing.until > event.data.refreshedAt) {
        return { ...existing, account };
      }
      return { status: 'active', account };
    }
    case 'socialAccount.tokenRefreshFailed': {
      const { account } = requireExisting(state);
      return event.data.permanent
        ? { status: 'expired', account, reason: event.data.reason }
        : { status: 'error', account, errorCode: 'token_refresh_failed', message: event.data.reason };
    }
    case 'socialAccount.rateLimited':
      return { status: 'rate_limited', account: requireExisting(state).account, until: event.data.until };
    case 'socialAccount.errored':
      return {
        status: 'error',
        account: requireExisting(state).account,
        errorCode: event.data.errorCode,
        message: event.data.message,
      };
    case 'socialAccount.expired':
      return { status: 'expired', account: requireExisting(state).account, reason: event.data.reason };
    case 'socialAccount.healthRestored':
      return { status: 'active', account: requireExisting(state).account };
    case 'socialAccount.disconnected':
      return {
        status: 'disconnected',
        account: requireExisting(state).account,
        disconnectedAt: event.data.disconnectedAt,
      };
    default:
      return assertNever(event, 'social account event');
  }
}

export const socialAccountDecider: Decider<SocialAccountCommand, SocialAccountEvent, SocialAccountState> = {
  initialState: { status: 'none' },
  decide,
  evolve,
};
