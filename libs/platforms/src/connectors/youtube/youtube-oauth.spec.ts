import { FixedClock } from '@herald/shared-kernel';
import type { AccountCredentials, PublishRequest, TokenSet } from '../../connector.port';
import { MediaSource } from '../../media/media-source';
import {
  FakePlatformServer,
  mediaItem,
  mp4Bytes,
  platformFailure,
  renderedPost,
  type FakeResponse,
  type RecordedRequest,
} from '../../testing';
import { youtubeUnitsOnlyQuota } from './youtube-quota';
import { YouTubeConnector, type YouTubeConnectorOptions } from './youtube.connector';
import { YouTubeOAuthFlow } from './youtube-oauth';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'ya29.a',
  refreshToken: '1//r',
  expiresAt: null,
  scopes: ['https://www.googleapis.com/auth/youtube.upload'],
};
const credentials: AccountCredentials = { externalId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', tokens };
const attemptId = '0193a5c0-0000-7000-8000-000000000007';
const KIB = 1024;
const SIZE = 600 * KIB;
const UNTIL_PACIFIC_MIDNIGHT = 22 * 3_600_000;
const googleError = (code: number, reason: string, message: string): FakeResponse => ({
  status: code,
  json: { error: { code, message, errors: [{ domain: 'youtube.quota', reason, message }] } },
});

/** Plays YouTube's side of a resumable session: keeps what arrives, answers 308 with Range until done. */
class UploadSession {
  received = Buffer.alloc(0);
  /** Consulted before a chunk is kept: an answer here replaces the normal one (a drop, a 401...). */
  interfere: (chunkIndex: number, request: RecordedRequest) => FakeResponse | 'keep-half' | null = () => null;
  private chunks = 0;

  constructor(private readonly total: number) {}

  private progress(): FakeResponse {
    if (this.received.length === this.total)
      return {
        status: 201,
        json: { kind: 'youtube#video', id: 'dQw4w9WgXcQ', status: { uploadStatus: 'uploaded' } },
      };
    return this.received.length === 0
      ? { status: 308 }
      : { status: 308, headers: { range: `bytes=0-${this.received.length - 1}` } };
  }

  handle = (request: RecordedRequest): FakeResponse => {
    const range = request.headers['content-range'];
    if (range === `bytes */${this.total}`) return this.progress();
    const [, start] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range) ?? [];
    if (Number(start) !== this.received.length) return this.progress();
    const interference = this.interfere(this.chunks++, request);
    if (interference === 'keep-half') {
      this.received = Buffer.concat([this.received, request.body.subarray(0, request.body.length / 2)]);
      return this.progress();
    }
    if (interference !== null) return interference;
    this.received = Buffer.concat([this.received, request.body]);
    return this.progress();
  };
}

describe(YouTubeOAuthFlow.name, () => {
  let api: FakePlatformServer;
  let cdn: FakePlatformServer;
  let sut: YouTubeConnector;
  let session: UploadSession;
  const bytes = mp4Bytes(SIZE);
  const connector = (options: YouTubeConnectorOptions = {}): YouTubeConnector =>
    new YouTubeConnector(
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
      {
        clock: new FixedClock(now),
        timeoutMs: 10_000,
        chunkBytes: 256 * KIB,
        media: new MediaSource({ platform: 'youtube', allowPrivateNetwork: true }),
        ...options,
      },
    );
  const sessionUri = () => `${api.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=xa298sd_f`;
  const request = (): PublishRequest => ({
    attemptId,
    post: renderedPost('youtube', {
      title: 'Launch day',
      media: [
        mediaItem({
          url: `${cdn.url}/v.mp4`,
          type: 'video',
          mimeType: 'video/mp4',
          sizeBytes: SIZE,
          width: null,
          height: null,
        }),
      ],
    }),
  });
  const puts = () =>
    api.requestsTo('PUT', '/upload/youtube/v3/videos').map((r) => r.headers['content-range']);

  beforeAll(async () => {
    [api, cdn] = await Promise.all([FakePlatformServer.start(), FakePlatformServer.start()]);
  });
  afterAll(() => Promise.all([api.close(), cdn.close()]));
  beforeEach(() => {
    api.reset();
    cdn.reset();
    session = new UploadSession(SIZE);
    cdn.on('GET', '/v.mp4', {
      headers: { 'content-type': 'video/mp4', 'content-length': String(SIZE) },
      body: bytes,
    });
    api.on('POST', '/upload/youtube/v3/videos', () => ({ status: 200, headers: { location: sessionUri() } }));
    api.on('PUT', '/upload/youtube/v3/videos', (r) => session.handle(r));
    sut = connector();
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
