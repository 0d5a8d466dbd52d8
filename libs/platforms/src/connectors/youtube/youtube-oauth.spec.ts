import { FixedClock } from '@herald/shared-kernel';
import type { TokenSet } from '../../connector.port';
import { FakePlatformServer, platformFailure } from '../../testing';
import { YouTubeOAuthFlow } from './youtube-oauth';
import { YouTubeConnector } from './youtube.connector';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'ya29.a',
  refreshToken: '1//r',
  expiresAt: null,
  scopes: ['https://www.googleapis.com/auth/youtube.upload'],
};

describe(YouTubeOAuthFlow.name, () => {
  let api: FakePlatformServer;
  let sut: YouTubeConnector;

  beforeAll(async () => {
    api = await FakePlatformServer.start();
  });
  afterAll(() => api.close());
  beforeEach(() => {
    api.reset();
    sut = new YouTubeConnector(
      {
        clientId: 'client.apps.googleusercontent.com',
        clientSecret: 'gsecret',
        apiBaseUrl: api.url,
        authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
        oauthBaseUrl: `${api.url}/oauth2`,
        privacyStatus: 'public',
        categoryId: '22',
        dailyQuotaUnits: 10_000,
      },
      { clock: new FixedClock(now), timeoutMs: 10_000 },
    );
  });

  describe('Google OAuth 2.0', () => {
    it('asks for offline access with PKCE', () => {
      const url = new URL(
        sut.oauth.authorizationUrl({
          state: 'st',
          redirectUri: 'https://app.example.com/cb',
          codeChallenge: 'E9Melhoa2Owv',
        }),
      );
      expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'client.apps.googleusercontent.com',
        redirect_uri: 'https://app.example.com/cb',
        response_type: 'code',
        scope:
          'https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly',
        access_type: 'offline',
        include_granted_scopes: 'true',
        prompt: 'consent',
        state: 'st',
        code_challenge: 'E9Melhoa2Owv',
        code_challenge_method: 'S256',
      });
    });

    it('exchanges the code with its verifier; a refresh keeps the refresh token; invalid_grant needs a reconnect', async () => {
      api.on(
        'POST',
        '/oauth2/token',
        {
          json: {
            access_token: 'ya29.b',
            expires_in: 3599,
            refresh_token: '1//new',
            scope: 'https://www.googleapis.com/auth/youtube.upload',
            token_type: 'Bearer',
          },
        },
        { json: { access_token: 'ya29.c', expires_in: 3599, token_type: 'Bearer' } },
        {
          status: 400,
          json: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        },
      );
      expect(
        await sut.oauth.exchangeCode({
          code: '4/0A',
          redirectUri: 'https://app.example.com/cb',
          codeVerifier: 'verifier',
        }),
      ).toEqual({
        accessToken: 'ya29.b',
        refreshToken: '1//new',
        expiresAt: '2026-11-24T10:59:59.000Z',
        scopes: ['https://www.googleapis.com/auth/youtube.upload'],
      });
      expect(api.requests[0].form()).toEqual({
        grant_type: 'authorization_code',
        code: '4/0A',
        redirect_uri: 'https://app.example.com/cb',
        code_verifier: 'verifier',
        client_id: 'client.apps.googleusercontent.com',
        client_secret: 'gsecret',
      });
      expect(await sut.oauth.refresh(tokens)).toMatchObject({ accessToken: 'ya29.c', refreshToken: null });
      expect(api.requests[1].form()).toMatchObject({ grant_type: 'refresh_token', refresh_token: '1//r' });
      expect(await platformFailure(sut.oauth.refresh(tokens))).toMatchObject({ kind: 'needs_reconnect' });
    });

    it('revokes the grant and lists the consenting channel', async () => {
      api.on('POST', '/oauth2/revoke', { status: 200, body: '' });
      await sut.oauth.revoke(tokens);
      expect(api.requests[0].form()).toEqual({ token: '1//r' });
      api.on('GET', '/youtube/v3/channels', {
        json: {
          items: [{ id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', snippet: { title: 'Herald', customUrl: '@heraldhq' } }],
        },
      });
      expect(await sut.oauth.listAccounts(tokens)).toEqual([
        { externalId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', handle: '@heraldhq', displayName: 'Herald', tokens },
      ]);
      expect(api.requests[1]).toMatchObject({
        query: { part: 'snippet', mine: 'true' },
        headers: { authorization: 'Bearer ya29.a' },
      });
    });
  });
});
