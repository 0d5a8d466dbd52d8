import type { CommandContext } from '@herald/shared-kernel';
import { deciderSpec } from '@herald/testing';
import type { MemberRole } from '@herald/organizations';
import type { ConnectSocialAccount, SocialAccountCommand } from './social-account.commands';
import { socialAccountDecider } from './social-account.decider';
import type { SocialAccountConnected, SocialAccountEvent } from './social-account.events';

const ACCOUNT_ID = '0190f3a4-0000-7000-8000-00000000a001';
const ORG_ID = '0190f3a4-0000-7000-8000-00000000o001';
const NOW = new Date('2026-03-10T09:00:00.000Z');
const user = (now = NOW): CommandContext => ({
  now,
  actor: { kind: 'user', id: 'user-1' },
  tenantId: ORG_ID,
});
const system = (now = NOW): CommandContext => ({
  now,
  actor: { kind: 'system', id: 'token-refresher' },
  tenantId: ORG_ID,
});

const tokens = {
  accessToken: 'at-1',
  refreshToken: 'rt-1',
  expiresAt: '2026-05-09T09:00:00.000Z',
  scopes: ['tweet.write'],
};

const connect = (overrides: Partial<ConnectSocialAccount> = {}): ConnectSocialAccount => ({
  type: 'ConnectSocialAccount',
  context: user(),
  role: 'admin',
  accountId: ACCOUNT_ID,
  organizationId: ORG_ID,
  platform: 'x',
  externalId: 'x-123',
  handle: '@herald',
  displayName: 'Herald',
  tokens,
  planLimit: { limit: 3, connectedAccounts: 2 },
  ...overrides,
});

const connected = (): SocialAccountConnected =>
  socialAccountDecider.decide(connect(), socialAccountDecider.initialState)[0] as SocialAccountConnected;
const disconnected = (): SocialAccountEvent => ({
  type: 'socialAccount.disconnected',
  schemaVersion: 1,
  data: {
    accountId: ACCOUNT_ID,
    reason: null,
    disconnectedBy: 'user-1',
    disconnectedAt: NOW.toISOString(),
    credentialSubjectIds: [`socialAccountCredentials:${ACCOUNT_ID}:1`],
  },
});

const sut = deciderSpec(socialAccountDecider);
const stateAfter = (history: readonly SocialAccountEvent[]) =>
  history.reduce(socialAccountDecider.evolve, socialAccountDecider.initialState);

describe('socialAccountDecider', () => {
  describe('connect', () => {
    it('connects an account and marks both tokens as personal fields of the generation-1 credential subject', () => {
      sut
        .given([])
        .when(connect())
        .then([
          {
            type: 'socialAccount.connected',
            schemaVersion: 1,
            data: {
              accountId: ACCOUNT_ID,
              organizationId: ORG_ID,
              platform: 'x',
              externalId: 'x-123',
              handle: '@herald',
              displayName: 'Herald',
              scopes: ['tweet.write'],
              tokenExpiresAt: '2026-05-09T09:00:00.000Z',
              generation: 1,
              credentials: {
                subjectId: `socialAccountCredentials:${ACCOUNT_ID}:1`,
                accessToken: 'at-1',
                refreshToken: 'rt-1',
              },
              connectedBy: 'user-1',
              connectedAt: NOW.toISOString(),
            },
            personalFields: [
              { path: 'credentials.accessToken', subjectId: `socialAccountCredentials:${ACCOUNT_ID}:1` },
              { path: 'credentials.refreshToken', subjectId: `socialAccountCredentials:${ACCOUNT_ID}:1` },
            ],
          },
        ]);
    });

    it('leaves no token outside the declared personal fields', () => {
      const [event] = sut.given([]).when(connect()).thenEvents();
      const paths = (event.personalFields ?? []).map((field) => field.path);
      const withoutSecrets = JSON.stringify({
        ...event.data,
        credentials: {
          ...(event.data as SocialAccountConnected['data']).credentials,
          accessToken: null,
          refreshToken: null,
        },
      });
      expect(paths).toEqual(['credentials.accessToken', 'credentials.refreshToken']);
      expect(withoutSecrets).not.toContain('at-1');
      expect(withoutSecrets).not.toContain('rt-1');
    });

    it('starts the account as active', () => {
      expect(stateAfter([connected()]).status).toBe('active');
    });

    it.each<MemberRole>(['editor', 'viewer'])('is refused to the %s role', (role) => {
      sut.given([]).when(connect({ role })).thenThrows('ACCOUNT.FORBIDDEN');
    });

    it('is refused when the account is already connected', () => {
      sut.given([connected()]).when(connect()).thenThrows('ACCOUNT.ALREADY_CONNECTED');
    });

    it('is refused when the plan limit on connected accounts is reached', () => {
      const error = sut
        .given([])
        .when(connect({ planLimit: { limit: 3, connectedAccounts: 3 } }))
        .thenThrows('ACCOUNT.PLAN_LIMIT_REACHED');
      expect(error.message).toContain('allows 3 connected social accounts');
    });

    it('refuses a token the platform returned already expired', () => {
      sut
        .given([])
        .when(connect({ tokens: { ...tokens, expiresAt: '2026-03-10T08:59:59.000Z' } }))
        .thenThrows('VALIDATION.FAILED');
    });

    it('refuses an empty access token', () => {
      sut
        .given([])
        .when(connect({ tokens: { ...tokens, accessToken: ' ' } }))
        .thenThrows('VALIDATION.FAILED');
    });
  });

  describe('refresh tokens', () => {
    const refresh = (context = system()): SocialAccountCommand => ({
      type: 'RefreshSocialAccountTokens',
      context,
      tokens: {
        accessToken: 'at-2',
        refreshToken: null,
        expiresAt: '2026-05-10T09:00:00.000Z',
        scopes: ['tweet.write'],
      },
    });

    it('stores the new access token under the current credential subject and keeps the refresh token', () => {
      const [event] = sut.given([connected()]).when(refresh()).thenEvents();
      expect(event).toMatchObject({
        type: 'socialAccount.tokensRefreshed',
        data: {
          credentials: {
            subjectId: `socialAccountCredentials:${ACCOUNT_ID}:1`,
            accessToken: 'at-2',
            refreshToken: null,
          },
        },
        personalFields: [
          { path: 'credentials.accessToken', subjectId: `socialAccountCredentials:${ACCOUNT_ID}:1` },
        ],
      });
      const state = stateAfter([connected(), event]);
      expect(state.status === 'active' && state.account.hasRefreshToken).toBe(true);
    });

    it('brings an expired account back to active', () => {
      const expired: SocialAccountEvent = {
        type: 'socialAccount.expired',
        schemaVersion: 1,
        data: { accountId: ACCOUNT_ID, reason: 'token expired', at: NOW.toISOString() },
      };
      const [event] = sut.given([connected(), expired]).when(refresh()).thenEvents();
      expect(stateAfter([connected(), expired, event]).status).toBe('active');
    });

    it('cannot be issued by a user', () => {
      sut.given([connected()]).when(refresh(user())).thenThrows('ACCOUNT.FORBIDDEN');
    });

    it('is refused once the account is disconnected', () => {
      sut.given([connected(), disconnected()]).when(refresh()).thenThrows('ACCOUNT.DISCONNECTED');
    });

    it('is refused for an account that was never connected', () => {
      sut.given([]).when(refresh()).thenThrows('NOT_FOUND');
    });
  });

  describe('refresh failures', () => {
    const failure = (permanent: boolean): SocialAccountCommand => ({
      type: 'RecordTokenRefreshFailure',
      context: system(),
      reason: 'invalid_grant',
      permanent,
    });

    it('a permanent failure (revoked grant) expires the account', () => {
      const events = sut.given([connected()]).when(failure(true)).thenEvents();
      expect(stateAfter([connected(), ...events])).toMatchObject({
        status: 'expired',
        reason: 'invalid_grant',
      });
    });

    it('a transient failure puts the account in error', () => {
      const events = sut.given([connected()]).when(failure(false)).thenEvents();
      expect(stateAfter([connected(), ...events])).toMatchObject({
        status: 'error',
        errorCode: 'token_refresh_failed',
      });
    });
  });

  describe('health', () => {
    it('is rate limited until an instant in the future', () => {
      const events = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountRateLimited', context: system(), until: '2026-03-10T09:15:00Z' })
        .thenEvents();
      expect(stateAfter([connected(), ...events])).toMatchObject({
        status: 'rate_limited',
        until: '2026-03-10T09:15:00.000Z',
      });
    });

    it('refuses a rate limit that already ended', () => {
      sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountRateLimited', context: system(), until: '2026-03-10T08:00:00Z' })
        .thenThrows('VALIDATION.FAILED');
    });

    it('keeps the rate limit when tokens are refreshed during it', () => {
      const limited: SocialAccountEvent = {
        type: 'socialAccount.rateLimited',
        schemaVersion: 1,
        data: { accountId: ACCOUNT_ID, until: '2026-03-10T10:00:00.000Z', at: NOW.toISOString() },
      };
      const refreshed = sut
        .given([connected(), limited])
        .when({
          type: 'RefreshSocialAccountTokens',
          context: system(),
          tokens: { ...tokens, accessToken: 'at-3' },
        })
        .thenEvents();
      expect(stateAfter([connected(), limited, ...refreshed]).status).toBe('rate_limited');
    });

    it('records an error, and a repeated identical error appends nothing', () => {
      const mark: SocialAccountCommand = {
        type: 'MarkSocialAccountError',
        context: system(),
        errorCode: 'platform_5xx',
        message: 'X answered 503',
      };
      const events = sut.given([connected()]).when(mark).thenEvents();
      expect(events.map((e) => e.type)).toEqual(['socialAccount.errored']);
      sut
        .given([connected(), ...events])
        .when(mark)
        .then([]);
    });

    it('restores health after an error', () => {
      const errored = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountError', context: system(), errorCode: 'e', message: 'm' })
        .thenEvents();
      sut
        .given([connected(), ...errored])
        .when({ type: 'MarkSocialAccountHealthy', context: system() })
        .then([
          {
            type: 'socialAccount.healthRestored',
            schemaVersion: 1,
            data: { accountId: ACCOUNT_ID, previousStatus: 'error', at: NOW.toISOString() },
          },
        ]);
    });

    it('cannot declare an expired account healthy: it needs new credentials', () => {
      const expired = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountExpired', context: system(), reason: 'expired' })
        .thenEvents();
      sut
        .given([connected(), ...expired])
        .when({ type: 'MarkSocialAccountHealthy', context: system() })
        .thenThrows('ACCOUNT.TOKEN_EXPIRED');
    });

    it('marking an expired account expired again appends nothing', () => {
      const expired = sut
        .given([connected()])
        .when({ type: 'MarkSocialAccountExpired', context: system(), reason: 'expired' })
        .thenEvents();
      sut
        .given([connected(), ...expired])
        .when({ type: 'MarkSocialAccountExpired', context: system(), reason: 'expired' })
        .then([]);
    });

    it('accepts a platform callback (webhook actor) reporting expiry', () => {
      const context: CommandContext = {
        now: NOW,
        actor: { kind: 'webhook', id: 'facebook-deauthorize' },
        tenantId: ORG_ID,
      };
      expect(
        sut
          .given([connected()])
          .when({ type: 'MarkSocialAccountExpired', context, reason: 'deauthorized' })
          .thenEvents(),
      ).toHaveLength(1);
    });
  });

  describe('reconnect', () => {
    const reconnect = (externalId = 'x-123', role: MemberRole = 'manager'): SocialAccountCommand => ({
      type: 'ReconnectSocialAccount',
      context: user(),
      role,
      externalId,
      handle: '@herald_new',
      tokens: { ...tokens, accessToken: 'at-9' },
    });

    it('stores the new tokens under a new credential subject (generation 2)', () => {
      const [event] = sut.given([connected()]).when(reconnect()).thenEvents();
      expect(event).toMatchObject({
        type: 'socialAccount.reconnected',
        data: {
          generation: 2,
          handle: '@herald_new',
          credentials: { subjectId: `socialAccountCredentials:${ACCOUNT_ID}:2` },
        },
      });
      expect(stateAfter([connected(), event])).toMatchObject({
        status: 'active',
        account: { generation: 2, handle: '@herald_new' },
      });
    });

    it('refuses a different platform account than the one connected', () => {
      sut.given([connected()]).when(reconnect('x-999')).thenThrows('ACCOUNT.EXTERNAL_ID_MISMATCH');
    });

    it('is refused to a viewer', () => {
      sut.given([connected()]).when(reconnect('x-123', 'viewer')).thenThrows('ACCOUNT.FORBIDDEN');
    });

    it('is refused after a disconnect, which is terminal', () => {
      sut.given([connected(), disconnected()]).when(reconnect()).thenThrows('ACCOUNT.DISCONNECTED');
    });
  });

  describe('disconnect', () => {
    it('lists every credential subject ever used so their keys can be forgotten', () => {
      const [reconnected] = sut
        .given([connected()])
        .when({
          type: 'ReconnectSocialAccount',
          context: user(),
          role: 'admin',
          externalId: 'x-123',
          handle: '@h',
          tokens,
        })
        .thenEvents();
      sut
        .given([connected(), reconnected])
        .when({ type: 'DisconnectSocialAccount', context: user(), role: 'admin', reason: 'client left' })
        .then([
          {
            type: 'socialAccount.disconnected',
            schemaVersion: 1,
            data: {
              accountId: ACCOUNT_ID,
              reason: 'client left',
              disconnectedBy: 'user-1',
              disconnectedAt: NOW.toISOString(),
              credentialSubjectIds: [
                `socialAccountCredentials:${ACCOUNT_ID}:1`,
                `socialAccountCredentials:${ACCOUNT_ID}:2`,
              ],
            },
          },
        ]);
    });

    it('is refused to an editor', () => {
      sut
        .given([connected()])
        .when({ type: 'DisconnectSocialAccount', context: user(), role: 'editor', reason: null })
        .thenThrows('ACCOUNT.FORBIDDEN');
    });

    it('cannot disconnect twice', () => {
      sut
        .given([connected(), disconnected()])
        .when({ type: 'DisconnectSocialAccount', context: user(), role: 'admin', reason: null })
        .thenThrows('ACCOUNT.DISCONNECTED');
    });

    it('is terminal: health reports are refused afterwards', () => {
      sut
        .given([connected(), disconnected()])
        .when({ type: 'MarkSocialAccountError', context: system(), errorCode: 'e', message: 'm' })
        .thenThrows('ACCOUNT.DISCONNECTED');
    });
  });
});
