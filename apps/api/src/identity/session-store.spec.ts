import { EmbeddedReadStore, type ReadStore } from '@herald/read-store';
import { REFRESH_TOKEN_TTL_MS, SessionStore, hashToken } from './session-store';

const T0 = new Date('2030-01-01T12:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe(SessionStore.name, () => {
  let readStore: ReadStore;
  let sut: SessionStore;

  beforeEach(async () => {
    readStore = EmbeddedReadStore.open({ filename: ':memory:' });
    sut = new SessionStore(readStore);
    await sut.setup();
  });
  afterEach(() => readStore.close());

  const open = (id = 'session-1') =>
    sut.open(id, 'user-1', 'org-1', { ip: '10.0.0.1', userAgent: 'spec' }, T0);

  it('stores only a hash of the refresh token', async () => {
    const { refreshToken } = await open();
    const stored = await readStore.collection('authRefreshTokens').find({});
    expect(stored.map((doc) => doc._id)).toEqual([hashToken(refreshToken)]);
    expect(JSON.stringify(stored)).not.toContain(refreshToken);
  });

  it('rotates: the new token works, the session slides, the old token is spent', async () => {
    const first = await open();
    const second = await sut.rotate(first.refreshToken, { ip: '10.0.0.2' }, later(1000));
    expect(second.session).toMatchObject({
      _id: 'session-1',
      ip: '10.0.0.2',
      userAgent: 'spec',
      expiresAt: later(1000 + REFRESH_TOKEN_TTL_MS).toISOString(),
    });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await sut.rotate(second.refreshToken, {}, later(2000));
    expect(third.session._id).toBe('session-1');
  });

  it('revokes the whole family when a spent token is presented again', async () => {
    const first = await open();
    const other = await open('session-2');
    const second = await sut.rotate(first.refreshToken, {}, later(1000));
    await expect(sut.rotate(first.refreshToken, {}, later(2000))).rejects.toMatchObject({
      code: 'AUTH.REFRESH_TOKEN_REUSED',
    });
    await expect(sut.rotate(second.refreshToken, {}, later(3000))).rejects.toMatchObject({
      code: 'AUTH.REFRESH_TOKEN_INVALID',
    });
    expect(await sut.live('session-1', later(3000))).toBeNull();
    expect((await readStore.collection('authSessions').findOne({ _id: 'session-1' }))?.revokedReason).toBe(
      'reuse_detected',
    );
    expect(await sut.live('session-2', later(3000))).not.toBeNull();
    await expect(sut.rotate(other.refreshToken, {}, later(3000))).resolves.toMatchObject({
      session: { _id: 'session-2' },
    });
  });

  it('treats two racing rotations of one token as reuse: one is told so, and the family ends', async () => {
    const first = await open();
    const outcomes = await Promise.allSettled([
      sut.rotate(first.refreshToken, {}, later(1)),
      sut.rotate(first.refreshToken, {}, later(1)),
    ]);
    const codes = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as { code: string }).code] : [],
    );
    expect(codes).toContain('AUTH.REFRESH_TOKEN_REUSED');
    expect(await sut.live('session-1', later(2))).toBeNull();
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') {
        await expect(sut.rotate(outcome.value.refreshToken, {}, later(3))).rejects.toMatchObject({
          code: 'AUTH.REFRESH_TOKEN_INVALID',
        });
      }
    }
  });

  it('refuses unknown tokens, and tokens of an expired or logged-out session', async () => {
    await expect(sut.rotate('x'.repeat(43), {}, T0)).rejects.toMatchObject({
      code: 'AUTH.REFRESH_TOKEN_INVALID',
    });
    const idle = await open();
    await expect(sut.rotate(idle.refreshToken, {}, later(REFRESH_TOKEN_TTL_MS))).rejects.toMatchObject({
      code: 'AUTH.REFRESH_TOKEN_INVALID',
    });
    const out = await open('session-3');
    expect(await sut.revoke('session-3', 'logout', later(1))).toBe(true);
    await expect(sut.rotate(out.refreshToken, {}, later(2))).rejects.toMatchObject({
      code: 'AUTH.REFRESH_TOKEN_INVALID',
    });
  });

  it("lists a user's live sessions, newest first, and finds only their own", async () => {
    await sut.open('s-old', 'user-1', null, {}, T0);
    await sut.open('s-new', 'user-1', null, {}, later(1000));
    await sut.open('s-gone', 'user-1', null, {}, later(2000));
    await sut.open('s-other', 'user-2', null, {}, T0);
    await sut.revoke('s-gone', 'revoked', later(3000));
    expect((await sut.listLive('user-1', later(4000))).map((session) => session._id)).toEqual([
      's-new',
      's-old',
    ]);
    expect(await sut.ownedBy('s-other', 'user-1')).toBeNull();
  });
});
