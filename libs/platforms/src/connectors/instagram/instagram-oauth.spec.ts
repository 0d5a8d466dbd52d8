import { FixedClock } from '@herald/shared-kernel';
import type { TokenSet } from '../../connector.port';
import { FakePlatformServer, platformFailure } from '../../testing';
import { InstagramOAuthFlow } from './instagram-oauth';
import { InstagramConnector } from './instagram.connector';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'ig-token',
  refreshToken: null,
  expiresAt: '2027-01-20T00:00:00.000Z',
  scopes: ['instagram_business_content_publish'],
};

describe(InstagramOAuthFlow.name, () => {
  let graph: FakePlatformServer;
  let sut: InstagramConnector;

  beforeAll(async () => {
    graph = await FakePlatformServer.start();
  });
  afterAll(() => graph.close());
  beforeEach(() => {
    graph.reset();
    sut = new InstagramConnector(
      {
        clientId: 'ig-app',
        clientSecret: 'ig-secret',
        graphBaseUrl: graph.url,
        oauthBaseUrl: `${graph.url}/api`,
        authorizeBaseUrl: 'https://www.instagram.com',
        graphVersion: 'v26.0',
      },
      { clock: new FixedClock(now), timeoutMs: 10_000 },
    );
  });

  describe('Business Login for Instagram', () => {
    it('builds the authorize URL (no PKCE)', () => {
      const url = new URL(
        sut.oauth.authorizationUrl({
          state: 'st',
          redirectUri: 'https://app.example.com/cb',
          codeChallenge: null,
        }),
      );
      expect(url.origin + url.pathname).toBe('https://www.instagram.com/oauth/authorize');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'ig-app',
        redirect_uri: 'https://app.example.com/cb',
        response_type: 'code',
        scope:
          'instagram_business_basic,instagram_business_content_publish,instagram_business_manage_insights',
        state: 'st',
      });
      expect(sut.oauth.supportsPkce).toBe(false);
    });

    it('exchanges the code, then trades the one-hour token for a 60-day one', async () => {
      graph.on('POST', '/api/oauth/access_token', {
        json: {
          data: [
            {
              access_token: 'short',
              user_id: '1789',
              permissions: 'instagram_business_basic,instagram_business_content_publish',
            },
          ],
        },
      });
      graph.on('GET', '/access_token', {
        json: { access_token: 'long', token_type: 'bearer', expires_in: 5_184_000 },
      });
      const result = await sut.oauth.exchangeCode({
        code: 'c0de',
        redirectUri: 'https://app.example.com/cb',
        codeVerifier: null,
      });
      expect(result).toEqual({
        accessToken: 'long',
        refreshToken: null,
        expiresAt: '2027-01-23T10:00:00.000Z',
        scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
      });
      expect(graph.requests[0].form()).toEqual({
        client_id: 'ig-app',
        client_secret: 'ig-secret',
        grant_type: 'authorization_code',
        redirect_uri: 'https://app.example.com/cb',
        code: 'c0de',
      });
      expect(graph.requests[1].query).toEqual({
        grant_type: 'ig_exchange_token',
        client_secret: 'ig-secret',
        access_token: 'short',
      });
    });

    it('accepts the older flat code-exchange answer and reports a used code as a refusal', async () => {
      graph.on(
        'POST',
        '/api/oauth/access_token',
        { json: { access_token: 'short', user_id: 1789, permissions: ['instagram_business_basic'] } },
        {
          status: 400,
          json: {
            error_type: 'OAuthException',
            code: 400,
            error_message: 'This authorization code has been used',
          },
        },
      );
      graph.on('GET', '/access_token', { json: { access_token: 'long', expires_in: 60 } });
      expect(
        (await sut.oauth.exchangeCode({ code: 'c', redirectUri: 'https://a/cb', codeVerifier: null })).scopes,
      ).toEqual(['instagram_business_basic']);
      expect(
        await platformFailure(
          sut.oauth.exchangeCode({ code: 'c', redirectUri: 'https://a/cb', codeVerifier: null }),
        ),
      ).toMatchObject({
        kind: 'rejected',
        reason: 'This authorization code has been used',
      });
    });

    it('refreshes a live token, and asks for a new login once it has expired', async () => {
      graph.on('GET', '/refresh_access_token', {
        json: { access_token: 'renewed', token_type: 'bearer', expires_in: 5_184_000 },
      });
      expect(await sut.oauth.refresh(tokens)).toMatchObject({
        accessToken: 'renewed',
        expiresAt: '2027-01-23T10:00:00.000Z',
        scopes: tokens.scopes,
      });
      expect(graph.requests[0].query).toEqual({ grant_type: 'ig_refresh_token', access_token: 'ig-token' });
      const expired = { ...tokens, expiresAt: '2026-11-24T09:00:00.000Z' };
      expect(await platformFailure(sut.oauth.refresh(expired))).toMatchObject({ kind: 'needs_reconnect' });
      expect(graph.requests).toHaveLength(1);
    });

    it('lists the professional account by its user_id; revoking is not offered', async () => {
      graph.on('GET', '/v26.0/me', {
        json: { id: 'app-scoped', user_id: '17841405822304914', username: 'herald.hq', name: 'Herald' },
      });
      expect(await sut.oauth.listAccounts(tokens)).toEqual([
        { externalId: '17841405822304914', handle: 'herald.hq', displayName: 'Herald', tokens },
      ]);
      expect(graph.requests[0].query).toEqual({ fields: 'user_id,username,name', access_token: 'ig-token' });
      expect(sut.oauth.supportsRevoke).toBe(false);
      await expect(sut.oauth.revoke()).rejects.toMatchObject({ code: 'PLATFORM.NOT_SUPPORTED' });
    });
  });
});
