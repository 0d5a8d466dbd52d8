import { FixedClock, HeraldError } from '@herald/shared-kernel';
import { createPlatformRegistry } from '../registry/platform-registry';
import { loadPlatformsConfig } from '../registry/platforms-config';
import { FakePlatformServer } from '../testing';
import { InMemoryOAuthStateStore } from './in-memory-oauth-state.store';
import { OAuthConnection } from './oauth-connection';
import { OAuthStates } from './oauth-states';
import { codeChallengeS256 } from './pkce';

const user = { userId: 'user-1', organizationId: 'org-1' };
const redirectUri = 'https://app.example.com/oauth/x/callback';

describe(OAuthConnection.name, () => {
  let api: FakePlatformServer;
  let sut: OAuthConnection;

  beforeAll(async () => {
    api = await FakePlatformServer.start();
  });
  afterAll(() => api.close());
  beforeEach(() => {
    api.reset();
    const clock = new FixedClock(new Date('2026-11-24T10:00:00.000Z'));
    const registry = createPlatformRegistry(
      loadPlatformsConfig({ X_CLIENT_ID: 'cid', X_CLIENT_SECRET: 'cs', X_API_BASE_URL: api.url }),
      { clock },
    );
    sut = new OAuthConnection(registry, new OAuthStates(new InMemoryOAuthStateStore(), clock));
  });

  it('sends the user to X with a bound state and a PKCE challenge, then exchanges the code with the matching verifier', async () => {
    const request = await sut.begin({ platform: 'x', ...user, redirectUri });
    const url = new URL(request.url);
    expect(url.searchParams.get('state')).toBe(request.state);
    expect(url.searchParams.get('code_challenge')).toBe(codeChallengeS256(request.codeVerifier ?? ''));
    expect(request.url).not.toContain(request.codeVerifier ?? 'verifier');

    api.on('POST', '/2/oauth2/token', {
      json: {
        access_token: 'at',
        refresh_token: 'rt',
        expires_in: 7200,
        scope: 'tweet.write offline.access',
      },
    });
    api.on('GET', '/2/users/me', { json: { data: { id: '42', username: 'heraldhq', name: 'Herald' } } });
    const completed = await sut.complete({
      platform: 'x',
      ...user,
      state: request.state,
      code: 'c',
      error: null,
    });
    expect(completed.accounts).toEqual([expect.objectContaining({ externalId: '42', handle: 'heraldhq' })]);
    expect(api.requests[0].form()).toMatchObject({
      code: 'c',
      code_verifier: request.codeVerifier,
      redirect_uri: redirectUri,
    });
  });

  it('refuses a replayed callback and never calls the platform for it', async () => {
    const request = await sut.begin({ platform: 'x', ...user, redirectUri });
    api.on('POST', '/2/oauth2/token', { json: { access_token: 'at' } });
    api.on('GET', '/2/users/me', { json: { data: { id: '42', username: 'h' } } });
    await sut.complete({ platform: 'x', ...user, state: request.state, code: 'c', error: null });
    await expect(
      sut.complete({ platform: 'x', ...user, state: request.state, code: 'c', error: null }),
    ).rejects.toMatchObject({
      code: 'PLATFORM.OAUTH_STATE_INVALID',
    });
    expect(api.requestsTo('POST', '/2/oauth2/token')).toHaveLength(1);
  });

  it('reports a declined consent after checking the state', async () => {
    const request = await sut.begin({ platform: 'x', ...user, redirectUri });
    const error = await sut
      .complete({ platform: 'x', ...user, state: request.state, code: null, error: 'access_denied' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeraldError);
    expect(error).toMatchObject({ code: 'PLATFORM.OAUTH_DENIED', details: { error: 'access_denied' } });
    expect(api.requests).toHaveLength(0);
  });

  it('refuses platforms that are not configured or have no OAuth', async () => {
    await expect(sut.begin({ platform: 'facebook', ...user, redirectUri })).rejects.toMatchObject({
      code: 'PLATFORM.UNAVAILABLE',
    });
    await expect(sut.begin({ platform: 'webhook', ...user, redirectUri })).rejects.toMatchObject({
      code: 'PLATFORM.NOT_SUPPORTED',
    });
  });
});
