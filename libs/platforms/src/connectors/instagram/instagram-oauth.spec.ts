import { FixedClock, HeraldError } from '@herald/shared-kernel';
import type { AccountCredentials, PublishRequest, TokenSet } from '../../connector.port';
import { MediaSource } from '../../media/media-source';
import {
  FakePlatformServer,
  mediaItem,
  mp4Bytes,
  platformFailure,
  pngBytes,
  renderedPost,
} from '../../testing';
import { InstagramConnector } from './instagram.connector';
import { InstagramOAuthFlow } from './instagram-oauth';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'ig-token',
  refreshToken: null,
  expiresAt: '2027-01-20T00:00:00.000Z',
  scopes: ['instagram_business_content_publish'],
};
const credentials: AccountCredentials = { externalId: '17841405822304914', tokens };
const attemptId = '0193a5c0-0000-7000-8000-000000000004';
const user = '/v26.0/17841405822304914';

/** The first bytes of a baseline JPEG: SOI, then a SOF0 frame header giving the dimensions. */
function jpegBytes(width: number, height: number, total: number): Buffer {
  const head = Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
  ]);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, total - head.length), 3)]).subarray(0, total);
}

describe(InstagramOAuthFlow.name, () => {
  let graph: FakePlatformServer;
  let cdn: FakePlatformServer;
  let sut: InstagramConnector;
  const connector = (timeoutMs: number): InstagramConnector =>
    new InstagramConnector(
      {
        clientId: 'ig-app',
        clientSecret: 'ig-secret',
        graphBaseUrl: graph.url,
        oauthBaseUrl: `${graph.url}/api`,
        authorizeBaseUrl: 'https://www.instagram.com',
        graphVersion: 'v26.0',
      },
      {
        clock: new FixedClock(now),
        timeoutMs,
        media: new MediaSource({ platform: 'instagram', allowPrivateNetwork: true }),
      },
    );
  const image = (name: string) =>
    mediaItem({ url: `${cdn.url}/${name}.jpg`, mimeType: 'image/jpeg', sizeBytes: 5000, altText: null });
  const video = (name: string) =>
    mediaItem({
      url: `${cdn.url}/${name}.mp4`,
      type: 'video',
      mimeType: 'video/mp4',
      sizeBytes: 4000,
      durationSeconds: 20,
      width: null,
      height: null,
    });
  const request = (media = [image('a')]): PublishRequest => ({
    attemptId,
    post: renderedPost('instagram', { media }),
  });
  const serveMedia = (): void => {
    cdn.on('GET', '/:file', (r) =>
      r.params.file.endsWith('.mp4')
        ? { headers: { 'content-type': 'video/mp4', 'content-length': '4000' }, body: mp4Bytes(4000) }
        : {
            headers: { 'content-type': 'image/jpeg', 'content-length': '5000' },
            body: jpegBytes(1080, 1080, 5000),
          },
    );
  };
  const quota = (used: number) =>
    graph.on('GET', `${user}/content_publishing_limit`, {
      json: { data: [{ quota_usage: used, config: { quota_total: 100, quota_duration: 86400 } }] },
    });

  beforeAll(async () => {
    [graph, cdn] = await Promise.all([FakePlatformServer.start(), FakePlatformServer.start()]);
  });
  afterAll(() => Promise.all([graph.close(), cdn.close()]));
  beforeEach(() => {
    graph.reset();
    cdn.reset();
    serveMedia();
    quota(3);
    sut = connector(10_000);
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
