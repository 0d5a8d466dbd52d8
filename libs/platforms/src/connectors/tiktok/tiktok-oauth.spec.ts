import { FixedClock } from '@herald/shared-kernel';
import type { AccountCredentials, PublishRequest, TokenSet } from '../../connector.port';
import { MediaSource } from '../../media/media-source';
import { FakePlatformServer, mediaItem, mp4Bytes, platformFailure, renderedPost } from '../../testing';
import { TikTokConnector } from './tiktok.connector';
import { MIB, planChunks } from './tiktok-upload';
import { quoteIntegers } from './tiktok-api';
import { TikTokOAuthFlow } from './tiktok-oauth';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'act.1',
  refreshToken: 'rft.1',
  expiresAt: null,
  scopes: ['video.publish'],
};
const credentials: AccountCredentials = { externalId: '-000OuEGPX', tokens };
const attemptId = '0193a5c0-0000-7000-8000-000000000006';
const ok = { code: 'ok', message: '', log_id: '202611241000' };
const envelope = (data: unknown) => ({ json: { data, error: ok } });
const failure = (status: number, code: string, message: string) => ({
  status,
  json: { error: { code, message, log_id: 'L1' } },
});
const creator = (overrides: Record<string, unknown> = {}) =>
  envelope({
    creator_avatar_url: 'https://p16.example/a.jpg',
    creator_username: 'herald.hq',
    creator_nickname: 'Herald',
    privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
    comment_disabled: false,
    duet_disabled: true,
    stitch_disabled: false,
    max_video_post_duration_sec: 300,
    ...overrides,
  });

describe(TikTokOAuthFlow.name, () => {
  let api: FakePlatformServer;
  let cdn: FakePlatformServer;
  let sut: TikTokConnector;
  const connector = (timeoutMs: number, privacyLevel = 'PUBLIC_TO_EVERYONE'): TikTokConnector =>
    new TikTokConnector(
      {
        clientId: 'ck',
        clientSecret: 'cs',
        apiBaseUrl: api.url,
        authorizeUrl: 'https://www.tiktok.com/v2/auth/authorize/',
        pullFromUrlPrefixes: ['https://media.herald.example/'],
        privacyLevel,
      },
      {
        clock: new FixedClock(now),
        timeoutMs,
        uploadTimeoutMs: timeoutMs,
        chunkBytes: 5 * MIB,
        media: new MediaSource({ platform: 'tiktok', allowPrivateNetwork: true }),
      },
    );
  const video = (url: string, sizeBytes: number, durationSeconds = 30) =>
    mediaItem({
      url,
      type: 'video',
      mimeType: 'video/mp4',
      sizeBytes,
      durationSeconds,
      width: null,
      height: null,
    });
  const request = (media = [video(`${cdn.url}/v.mp4`, 1000)]): PublishRequest => ({
    attemptId,
    post: renderedPost('tiktok', { media }),
  });
  const handle = 'tt-publish:v_pub_file~v2-1.123|PUBLIC_TO_EVERYONE|herald.hq';

  beforeAll(async () => {
    [api, cdn] = await Promise.all([FakePlatformServer.start(), FakePlatformServer.start()]);
  });
  afterAll(() => Promise.all([api.close(), cdn.close()]));
  beforeEach(() => {
    api.reset();
    cdn.reset();
    cdn.on('GET', '/v.mp4', {
      headers: { 'content-type': 'video/mp4', 'content-length': '1000' },
      body: mp4Bytes(1000),
    });
    api.on('POST', '/v2/post/publish/creator_info/query/', creator());
    api.on(
      'POST',
      '/v2/post/publish/video/init/',
      envelope({
        publish_id: 'v_pub_file~v2-1.123',
        upload_url: `${api.url}/upload/?upload_id=67890&upload_token=Xza123`,
      }),
    );
    api.on('PUT', '/upload/', { status: 201, body: '' });
    sut = connector(10_000);
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
