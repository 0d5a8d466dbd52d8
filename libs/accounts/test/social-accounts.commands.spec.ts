import { isErasedValue } from '@herald/event-store';
import { isHeraldError } from '@herald/shared-kernel';
import {
  ConnectSocialAccountCommand,
  DisconnectSocialAccountCommand,
  RefreshSocialAccountTokensCommand,
  ReportSocialAccountHealthCommand,
  type SocialAccountCommandResult,
  socialAccountDecider,
  type SocialAccountEvent,
  socialAccountStreamId,
} from '../src';
import { type AccountsHarness, ORG_ID, request, startAccounts } from './accounts-harness';

const ADMIN = request({ kind: 'user', id: 'admin-1' });
const SYSTEM = request({ kind: 'system', id: 'token-refresher' });
const ACCESS = 'EAAB-secret-access-token-5f2c';
const REFRESH = 'refresh-secret-77a1';

const connect = (role: 'admin' | 'viewer' = 'admin', metadata = ADMIN) =>
  new ConnectSocialAccountCommand(
    ORG_ID,
    role,
    'facebook',
    'fb-page-1',
    'Herald Page',
    null,
    { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: '2026-05-09T09:00:00.000Z', scopes: ['pages_manage_posts'] },
    { limit: 5, connectedAccounts: 1 },
    metadata,
  );

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isHeraldError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('social account commands on the embedded event store', () => {
  let sut: AccountsHarness;
  beforeEach(async () => {
    sut = await startAccounts();
  });
  afterEach(async () => {
    await sut.close();
  });

  it('stores OAuth tokens encrypted: the file never holds them in plaintext', async () => {
    const { accountId, revision } = await sut.bus.execute(connect());
    expect(revision).toBe(0);
    const raw = sut.rawData().join('\n');
    expect(raw).not.toContain(ACCESS);
    expect(raw).not.toContain(REFRESH);
    expect(raw).toContain('aes-256-gcm/v1');

    const [event] = await sut.store.readStream(socialAccountStreamId(accountId));
    expect(event.data).toMatchObject({ credentials: { accessToken: ACCESS, refreshToken: REFRESH } });
    expect(event.metadata.subjectIds).toEqual([`socialAccountCredentials:${accountId}:1`]);
    expect(event.metadata.actor).toEqual({ kind: 'user', id: 'admin-1' });
  });

  it('a disconnect lists the credential subjects; forgetting their keys shreds the tokens and the stream still folds', async () => {
    const { accountId } = await sut.bus.execute(connect());
    await sut.bus.execute(
      new RefreshSocialAccountTokensCommand(accountId, { accessToken: 'second-token', refreshToken: null, expiresAt: '2026-05-10T09:00:00.000Z', scopes: [] }, SYSTEM),
    );
    await sut.bus.execute(new DisconnectSocialAccountCommand(accountId, 'admin', 'client left', ADMIN));

    const events = await sut.store.readStream(socialAccountStreamId(accountId));
    const disconnected = events[events.length - 1].data as Extract<SocialAccountEvent, { type: 'socialAccount.disconnected' }>['data'];
    for (const subjectId of disconnected.credentialSubjectIds) await sut.keyVault.forget(subjectId);

    const shredded = await sut.store.readStream(socialAccountStreamId(accountId));
    const connected = shredded[0].data as { credentials: { accessToken: unknown } };
    expect(isErasedValue(connected.credentials.accessToken)).toBe(true);
    const state = shredded.map((e) => e as unknown as SocialAccountEvent).reduce(socialAccountDecider.evolve, socialAccountDecider.initialState);
    expect(state.status).toBe('disconnected');
  });

  it('a refused command appends nothing', async () => {
    const head = await sut.store.headPosition();
    expect(await rejection(sut.bus.execute(connect('viewer')))).toBe('ACCOUNT.FORBIDDEN');
    expect(await sut.store.headPosition()).toBe(head);
  });

  it('a health report from a user is refused and appends nothing', async () => {
    const { accountId } = await sut.bus.execute(connect());
    const report = new ReportSocialAccountHealthCommand(accountId, { kind: 'expired', reason: 'revoked' }, ADMIN);
    expect(await rejection(sut.bus.execute(report))).toBe('ACCOUNT.FORBIDDEN');
    expect(await sut.store.readStream(socialAccountStreamId(accountId))).toHaveLength(1);
  });

  it('a repeated connect with the same idempotency key connects once', async () => {
    const keyed = { ...ADMIN, idempotencyKey: 'oauth-callback-state-123' };
    const first: SocialAccountCommandResult = await sut.bus.execute(connect('admin', keyed));
    const second: SocialAccountCommandResult = await sut.bus.execute(connect('admin', keyed));
    expect(second).toEqual(first);
    expect(await sut.store.readAll({ filter: { categories: ['socialAccount'] } })).toHaveLength(1);
  });

  it('health reports move the account through rate limited and back to active', async () => {
    const { accountId } = await sut.bus.execute(connect());
    await sut.bus.execute(new ReportSocialAccountHealthCommand(accountId, { kind: 'rate_limited', until: '2026-03-10T09:15:00.000Z' }, SYSTEM));
    await sut.bus.execute(new ReportSocialAccountHealthCommand(accountId, { kind: 'healthy' }, SYSTEM));
    const types = (await sut.store.readStream(socialAccountStreamId(accountId))).map((e) => e.type);
    expect(types).toEqual(['socialAccount.connected', 'socialAccount.rateLimited', 'socialAccount.healthRestored']);
  });
});
