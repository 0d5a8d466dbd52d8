import { FixedClock, HeraldError } from '@herald/shared-kernel';
import { InMemoryOAuthStateStore } from './in-memory-oauth-state.store';
import { OAuthStates, type OAuthStateOwner } from './oauth-states';
import { codeChallengeS256 } from './pkce';

const owner: OAuthStateOwner = { userId: 'user-1', organizationId: 'org-1', platform: 'x' };
const redirectUri = 'https://app.example.com/oauth/x/callback';

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HeraldError) return error.code;
    throw error;
  }
  throw new Error('expected a HeraldError');
}

describe(OAuthStates.name, () => {
  let clock: FixedClock;
  let sut: OAuthStates;

  beforeEach(() => {
    clock = new FixedClock(new Date('2026-11-24T10:00:00.000Z'));
    sut = new OAuthStates(new InMemoryOAuthStateStore(), clock);
  });

  it('issues an unguessable state with a PKCE pair and gives the verifier back once, to its owner', async () => {
    const issued = await sut.issue({ ...owner, redirectUri, pkce: true });
    expect(issued.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.codeChallenge).toBe(codeChallengeS256(issued.codeVerifier ?? ''));
    const record = await sut.consume(issued.state, owner);
    expect(record).toMatchObject({ ...owner, redirectUri, codeVerifier: issued.codeVerifier });
    expect(await errorCode(sut.consume(issued.state, owner))).toBe('PLATFORM.OAUTH_STATE_INVALID');
  });

  it('issues no verifier for platforms without PKCE', async () => {
    const issued = await sut.issue({ ...owner, platform: 'facebook', redirectUri, pkce: false });
    expect(issued).toMatchObject({ codeVerifier: null, codeChallenge: null });
  });

  it('refuses an unknown or empty state', async () => {
    expect(await errorCode(sut.consume('made-up', owner))).toBe('PLATFORM.OAUTH_STATE_INVALID');
    expect(await errorCode(sut.consume('', owner))).toBe('PLATFORM.OAUTH_STATE_INVALID');
  });

  it('expires a state after ten minutes', async () => {
    const issued = await sut.issue({ ...owner, redirectUri, pkce: true });
    clock.advance(10 * 60 * 1000);
    expect(await errorCode(sut.consume(issued.state, owner))).toBe('PLATFORM.OAUTH_STATE_EXPIRED');
  });

  it.each([
    ['another user', { userId: 'user-2' }],
    ['another organization', { organizationId: 'org-2' }],
    ['another platform', { platform: 'facebook' as const }],
  ])('refuses a callback for %s, and burns the state', async (_label, change) => {
    const issued = await sut.issue({ ...owner, redirectUri, pkce: true });
    expect(await errorCode(sut.consume(issued.state, { ...owner, ...change }))).toBe(
      'PLATFORM.OAUTH_STATE_MISMATCH',
    );
    expect(await errorCode(sut.consume(issued.state, owner))).toBe('PLATFORM.OAUTH_STATE_INVALID');
  });
});
