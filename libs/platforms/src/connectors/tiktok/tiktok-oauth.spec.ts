import { FixedClock } from '@herald/shared-kernel';
import type { TokenSet } from '../../connector.port';
import { FakePlatformServer, platformFailure } from '../../testing';
import { TikTokOAuthFlow } from './tiktok-oauth';
import { TikTokConnector } from './tiktok.connector';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'act.1',
  refreshToken: 'rft.1',
  expiresAt: null,
  scopes: ['video.publish'],
};
const envelope = (data: unknown) => ({ json: { data, error: { code: 'ok', message: '', log_id: 'L0' } } });

describe(TikTokOAuthFlow.name, () => {
  let api: FakePlatformServer;
  let sut: TikTokConnector;

  beforeAll(async () => {
    api = await FakePlatformServer.start();
  });
  afterAll(() => api.close());
  beforeEach(() => {
    api.reset();
    sut = new TikTokConnector(
      {
        clientId: 'ck',
        clientSecret: 'cs',
        apiBaseUrl: api.url,
        authorizeUrl: 'https://www.tiktok.com/v2/auth/authorize/',
        pullFromUrlPrefixes: [],
        privacyLevel: 'PUBLIC_TO_EVERYONE',
      },
      { clock: new FixedClock(now), timeoutMs: 10_000 },
    );
  });

  describe('OAuth v2 (Login Kit for Web)', () => {
    it('builds the authorize URL with the client key and comma-separated scopes', () => {
      const url = new URL(
        sut.oauth.authorizationUrl({
          state: 'st',
          redirectUri: 'https://app.example.com/cb/',
          codeChallenge: null,
        }),
      );
      expect(url.origin + url.pathname).toBe('https://www.tiktok.com/v2/auth/authorize/');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_key: 'ck',
        scope: 'user.info.basic,user.info.profile,user.info.stats,video.publish,video.list',
        response_type: 'code',
        redirect_uri: 'https://app.example.com/cb/',
        state: 'st',
      });
    });

    it('exchanges the code and refreshes (refresh tokens may rotate)', async () => {
      api.on('POST', '/v2/oauth/token/', {
        json: {
          access_token: 'act.2',
          expires_in: 86400,
          open_id: '-000OuEGPX',
          refresh_expires_in: 31536000,
          refresh_token: 'rft.2',
          scope: 'user.info.basic,video.publish',
          token_type: 'Bearer',
        },
      });
      expect(
        await sut.oauth.exchangeCode({
          code: 'c0de',
          redirectUri: 'https://app.example.com/cb/',
          codeVerifier: null,
        }),
      ).toEqual({
        accessToken: 'act.2',
        refreshToken: 'rft.2',
        expiresAt: '2026-11-25T10:00:00.000Z',
        scopes: ['user.info.basic', 'video.publish'],
      });
      expect(api.requests[0].form()).toEqual({
        client_key: 'ck',
        client_secret: 'cs',
        grant_type: 'authorization_code',
        code: 'c0de',
        redirect_uri: 'https://app.example.com/cb/',
      });
      await sut.oauth.refresh(tokens);
      expect(api.requests[1].form()).toEqual({
        client_key: 'ck',
        client_secret: 'cs',
        grant_type: 'refresh_token',
        refresh_token: 'rft.1',
      });
    });

    it('reads errors the token endpoint sends with HTTP 200', async () => {
      api.on(
        'POST',
        '/v2/oauth/token/',
        {
          json: {
            error: 'invalid_grant',
            error_description: 'Refresh token is invalid or expired.',
            log_id: 'L',
          },
        },
        { json: { error: 'invalid_request', error_description: 'Code verifier or code is invalid.' } },
      );
      expect(await platformFailure(sut.oauth.refresh(tokens))).toMatchObject({
        kind: 'needs_reconnect',
        reason: 'Refresh token is invalid or expired.',
      });
      expect(
        await platformFailure(
          sut.oauth.exchangeCode({ code: 'x', redirectUri: 'https://a/', codeVerifier: null }),
        ),
      ).toMatchObject({ kind: 'rejected', platformCode: 'invalid_request' });
    });

    it('revokes and lists the account by its open_id', async () => {
      api.on('POST', '/v2/oauth/revoke/', { json: {} });
      await sut.oauth.revoke(tokens);
      expect(api.requests[0].form()).toEqual({ client_key: 'ck', client_secret: 'cs', token: 'act.1' });
      api.on(
        'GET',
        '/v2/user/info/',
        envelope({ user: { open_id: '-000OuEGPX', display_name: 'Herald', username: 'herald.hq' } }),
      );
      expect(await sut.oauth.listAccounts(tokens)).toEqual([
        { externalId: '-000OuEGPX', handle: 'herald.hq', displayName: 'Herald', tokens },
      ]);
      expect(api.requests[1]).toMatchObject({
        query: { fields: 'open_id,display_name,username' },
        headers: { authorization: 'Bearer act.1' },
      });
    });
  });
});
