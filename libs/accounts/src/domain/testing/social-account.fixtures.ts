import type { CommandContext } from '@herald/shared-kernel';
import type { ConnectSocialAccount } from '../social-account.commands';
import { socialAccountDecider } from '../social-account.decider';
import type { SocialAccountConnected, SocialAccountEvent } from '../social-account.events';

/** Small factories for social account specs: one organization, one X account, a March morning. */
export const ACCOUNT_ID = '0190f3a4-0000-7000-8000-00000000a001';
export const ORG_ID = '0190f3a4-0000-7000-8000-00000000o001';
export const NOW = new Date('2026-03-10T09:00:00.000Z');
export const user = (now = NOW): CommandContext => ({
  now,
  actor: { kind: 'user', id: 'user-1' },
  tenantId: ORG_ID,
});
export const system = (now = NOW): CommandContext => ({
  now,
  actor: { kind: 'system', id: 'token-refresher' },
  tenantId: ORG_ID,
});

export const tokens = {
  accessToken: 'at-1',
  refreshToken: 'rt-1',
  expiresAt: '2026-05-09T09:00:00.000Z',
  scopes: ['tweet.write'],
};

export const connect = (overrides: Partial<ConnectSocialAccount> = {}): ConnectSocialAccount => ({
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

export const connected = (): SocialAccountConnected =>
  socialAccountDecider.decide(connect(), socialAccountDecider.initialState)[0] as SocialAccountConnected;
export const disconnected = (): SocialAccountEvent => ({
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

export const stateAfter = (history: readonly SocialAccountEvent[]) =>
  history.reduce(socialAccountDecider.evolve, socialAccountDecider.initialState);
