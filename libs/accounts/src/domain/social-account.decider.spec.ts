import { deciderSpec } from '@herald/testing';
import type { MemberRole } from '@herald/organizations';
import type { SocialAccountCommand } from './social-account.commands';
import { socialAccountDecider } from './social-account.decider';
import type { SocialAccountConnected, SocialAccountEvent } from './social-account.events';
import {
  ACCOUNT_ID,
  ORG_ID,
  NOW,
  user,
  system,
  tokens,
  connect,
  connected,
  disconnected,
  stateAfter,
} from './testing/social-account.fixtures';

const sut = deciderSpec(socialAccountDecider);

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
