import { socialAccountStreamId } from '@herald/accounts';
import { FakePlatformServer } from '@herald/platforms';
import { postStreamId, type PostTarget } from '@herald/posts';
import { accountEvents, content, postEvents } from '@herald/projections/support';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import { fakeXRegistry, until, WorkerHarness } from '../../../test/worker-harness';
import { loadAccountSnapshot } from '../accounts/account-snapshot';
import { FAILURES_BEFORE_REPORT, TokenRefreshSaga } from './token-refresh.saga';
import { TOKEN_REFRESH_COLLECTION, type TokenRefreshDocument } from './token-refresh.state';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe(TokenRefreshSaga.name, () => {
  // The store stamps events with the system clock; the saga's clock starts there too.
  const clock = new FixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const start = clock.now();
  let fake: FakePlatformServer;
  let worker: WorkerHarness;
  let sut: TokenRefreshSaga;

  beforeAll(async () => {
    fake = await FakePlatformServer.start();
    worker = await WorkerHarness.boot({ clock, registry: fakeXRegistry(fake, clock) });
    sut = worker.get(TokenRefreshSaga);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await fake?.close();
  });

  beforeEach(() => {
    fake.reset();
    clock.set(start);
  });

  const tracked = (accountId: string) =>
    worker.readStore.collection<TokenRefreshDocument>(TOKEN_REFRESH_COLLECTION).findOne({ _id: accountId });

  /** An X account connected now whose token expires at `expiresAt`, once the saga has seen it on the bus. */
  async function connectedAccount(expiresAt: Date) {
    const organizationId = uuidV7Generator.next();
    const accountId = uuidV7Generator.next();
    const connected = accountEvents.connected(accountId, organizationId, 'x', {
      tokenExpiresAt: expiresAt.toISOString(),
      connectedAt: clock.now().toISOString(),
    });
    await worker.append(socialAccountStreamId(accountId), [connected], organizationId);
    await until(async () => (await tracked(accountId)) !== null, 'the saga tracks the account');
    const refreshAt = new Date((await tracked(accountId))?.refreshAt ?? '');
    return { accountId, organizationId, refreshAt };
  }

  const tokenAnswer = (accessToken: string, refreshToken: string, delayMs = 0) => ({
    delayMs,
    json: {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: 7200,
      token_type: 'bearer',
      scope: 'tweet.read users.read offline.access',
    },
  });

  it('refreshes a token expiring within 24 h exactly once, even when two refreshers race for it', async () => {
    const expiresAt = new Date(start.getTime() + 60 * 24 * HOUR);
    const { accountId, refreshAt } = await connectedAccount(expiresAt);
    expect(refreshAt).toEqual(new Date(expiresAt.getTime() - 24 * HOUR));
    expect((await sut.sweep()).get(accountId)).toBeUndefined();
    clock.set(refreshAt);
    fake.on('POST', '/2/oauth2/token', tokenAnswer('access-2', 'refresh-2', 200));

    const [swept, direct] = await Promise.all([sut.sweep(), sut.refresh(accountId, { kind: 'expiring' })]);

    expect([swept.get(accountId), direct].sort()).toEqual(['busy', 'refreshed']);
    const calls = fake.requestsTo('POST', '/2/oauth2/token');
    expect(calls).toHaveLength(1);
    expect(calls[0].form()).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-secret' });
    expect(calls[0].headers.authorization).toBe(
      `Basic ${Buffer.from('herald-app:app-secret').toString('base64')}`,
    );

    const [refreshed] = await worker.events(
      socialAccountStreamId(accountId),
      'socialAccount.tokensRefreshed',
    );
    expect(refreshed.metadata.actor).toEqual({ kind: 'system', id: 'token-refresh' });
    const newExpiry = new Date(refreshAt.getTime() + 2 * HOUR).toISOString();
    expect(refreshed.data).toMatchObject({ tokenExpiresAt: newExpiry });
    const snapshot = await loadAccountSnapshot(worker.store, accountId);
    expect(snapshot.tokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });

    // The new two-hour token is due at half its life, not at every sweep.
    await until(
      async () => (await tracked(accountId))?.tokenExpiresAt === newExpiry,
      'the saga saw the refresh',
    );
    expect((await tracked(accountId))?.refreshAt).toBe(new Date(refreshAt.getTime() + HOUR).toISOString());
    expect((await sut.sweep()).get(accountId)).toBeUndefined();
    clock.set(new Date(refreshAt.getTime() + HOUR));
    fake.on('POST', '/2/oauth2/token', tokenAnswer('access-3', 'refresh-3'));
    expect((await sut.sweep()).get(accountId)).toBe('refreshed');
    expect(fake.requestsTo('POST', '/2/oauth2/token').at(-1)?.form()).toMatchObject({
      refresh_token: 'refresh-2',
    });

    await worker.projections.whenCaughtUp('accounts');
    const view = await (await worker.catalog.open('accounts', 'accounts')).findOne({ _id: accountId });
    expect(view).toMatchObject({
      health: 'active',
      tokenExpiresAt: new Date(refreshAt.getTime() + 3 * HOUR).toISOString(),
    });
  });

  it('marks the account for a reconnect when the platform says the grant is gone (invalid_grant)', async () => {
    const { accountId, refreshAt } = await connectedAccount(new Date(start.getTime() + 10 * MINUTE));
    clock.set(refreshAt);
    fake.on('POST', '/2/oauth2/token', {
      status: 400,
      json: { error: 'invalid_grant', error_description: 'Value passed for the token was invalid.' },
    });

    expect((await sut.sweep()).get(accountId)).toBe('needs_reconnect');

    const failures = await worker.events(
      socialAccountStreamId(accountId),
      'socialAccount.tokenRefreshFailed',
    );
    expect(failures.map((event) => event.data)).toEqual([
      {
        accountId,
        reason: 'Value passed for the token was invalid.',
        permanent: true,
        failedAt: refreshAt.toISOString(),
      },
    ]);
    await worker.projections.whenCaughtUp('accounts');
    const view = await (await worker.catalog.open('accounts', 'accounts')).findOne({ _id: accountId });
    expect(view).toMatchObject({ health: 'expired', lastRefreshFailure: { permanent: true } });
    await until(async () => (await tracked(accountId))?.status === 'expired', 'the saga saw the failure');
    expect((await sut.sweep()).get(accountId)).toBeUndefined();
    expect(fake.requestsTo('POST', '/2/oauth2/token')).toHaveLength(1);
  });

  it('backs off while the platform is down and reports the failure once it repeats', async () => {
    const { accountId, refreshAt } = await connectedAccount(new Date(start.getTime() + 12 * HOUR));
    clock.set(refreshAt);
    fake.on('POST', '/2/oauth2/token', { status: 503, json: { error: 'temporarily_unavailable' } });

    const waits: number[] = [];
    for (let attempt = 1; attempt <= FAILURES_BEFORE_REPORT; attempt++) {
      expect((await sut.sweep()).get(accountId)).toBe('retry_later');
      const tracking = await tracked(accountId);
      expect(tracking?.failures).toBe(attempt);
      waits.push(Date.parse(tracking?.nextAttemptAt ?? '') - clock.now().getTime());
      // Not before the next attempt is due.
      expect((await sut.sweep()).get(accountId)).toBeUndefined();
      clock.set(new Date(tracking?.nextAttemptAt ?? ''));
    }

    expect(waits).toEqual([5 * MINUTE, 15 * MINUTE, 45 * MINUTE]);
    const failures = await worker.events(
      socialAccountStreamId(accountId),
      'socialAccount.tokenRefreshFailed',
    );
    expect(failures.map((event) => event.data)).toEqual([
      expect.objectContaining({ accountId, permanent: false, reason: 'temporarily_unavailable' }),
    ]);
  });

  it('refreshes at once when the publisher reports a refused token (needs_refresh)', async () => {
    const { accountId, organizationId } = await connectedAccount(new Date(start.getTime() + 30 * 24 * HOUR));
    fake.on('POST', '/2/oauth2/token', tokenAnswer('access-fresh', 'refresh-fresh'));
    const postId = uuidV7Generator.next();
    const target: PostTarget = { accountId, platform: 'x' };
    const failedAt = new Date(start.getTime() + 24 * HOUR).toISOString();
    await worker.append(
      postStreamId(postId),
      [
        postEvents.drafted(postId, organizationId, content('Token check')),
        postEvents.publishRequested([target], 0, start.toISOString()),
        postEvents.attemptStarted(target, 0, 1, start.toISOString()),
        postEvents.attemptFailed(target, 0, 1, 'Unauthorized', failedAt, 'needs_refresh'),
      ],
      organizationId,
    );

    await until(
      async () =>
        (await worker.events(socialAccountStreamId(accountId), 'socialAccount.tokensRefreshed')).length === 1,
      'the refused token was refreshed',
    );
    const [refreshed] = await worker.events(
      socialAccountStreamId(accountId),
      'socialAccount.tokensRefreshed',
    );
    const [failure] = await worker.events(postStreamId(postId), 'post.publishAttemptFailed');
    expect(refreshed.metadata).toMatchObject({
      causationId: failure.id,
      correlationId: failure.metadata.correlationId,
    });
    expect(fake.requestsTo('POST', '/2/oauth2/token')).toHaveLength(1);
  });
});
