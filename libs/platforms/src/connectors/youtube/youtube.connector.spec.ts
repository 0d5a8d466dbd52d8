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

describe(YouTubeConnector.name, () => {
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

  describe('resumable upload', () => {
    it('opens a session, sends 256 KiB-multiple chunks with Content-Range, then waits for processing', async () => {
      const post = request();
      expect(await sut.publish(credentials, post)).toEqual({
        status: 'processing',
        handle: 'yt-video:dQw4w9WgXcQ',
        checkAfterMs: 30_000,
      });
      const [start] = api.requestsTo('POST', '/upload/youtube/v3/videos');
      expect(start.query).toEqual({ uploadType: 'resumable', part: 'snippet,status' });
      expect(start.headers).toMatchObject({
        authorization: 'Bearer ya29.a',
        'x-upload-content-length': String(SIZE),
        'x-upload-content-type': 'video/mp4',
        'content-type': 'application/json',
      });
      expect(start.json()).toEqual({
        snippet: { title: 'Launch day', description: 'Launch day! #herald', categoryId: '22' },
        status: { privacyStatus: 'public', selfDeclaredMadeForKids: false },
      });
      expect(puts()).toEqual([
        `bytes 0-262143/${SIZE}`,
        `bytes 262144-524287/${SIZE}`,
        `bytes 524288-614399/${SIZE}`,
      ]);
      expect(api.requestsTo('PUT', '/upload/youtube/v3/videos').map((r) => r.query)).toEqual(
        Array(3).fill({ uploadType: 'resumable', upload_id: 'xa298sd_f' }),
      );
      expect(session.received.equals(bytes)).toBe(true);

      api.on(
        'GET',
        '/youtube/v3/videos',
        { json: { items: [{ id: 'dQw4w9WgXcQ', status: { uploadStatus: 'uploaded' } }] } },
        {
          json: {
            items: [{ id: 'dQw4w9WgXcQ', status: { uploadStatus: 'processed', privacyStatus: 'public' } }],
          },
        },
      );
      expect(
        await sut.publishStatus(credentials, { handle: 'yt-video:dQw4w9WgXcQ', request: post }),
      ).toMatchObject({ status: 'processing' });
      expect(await sut.publishStatus(credentials, { handle: 'yt-video:dQw4w9WgXcQ', request: post })).toEqual(
        {
          status: 'published',
          platformPostId: 'dQw4w9WgXcQ',
          url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        },
      );
      expect(api.requestsTo('GET', '/youtube/v3/videos')[0].query).toEqual({
        part: 'status',
        id: 'dQw4w9WgXcQ',
      });
      expect(sut.quota.usage()).toMatchObject({ units: { used: 2 }, 'videos.insert': { used: 1 } });
    });

    it('after a dropped chunk asks how far YouTube got and resends only what is missing', async () => {
      session.interfere = (chunk) => (chunk === 1 ? { drop: true } : chunk === 2 ? 'keep-half' : null);
      expect(await sut.publish(credentials, request())).toMatchObject({ handle: 'yt-video:dQw4w9WgXcQ' });
      expect(puts()).toEqual([
        `bytes 0-262143/${SIZE}`,
        `bytes 262144-524287/${SIZE}`,
        `bytes */${SIZE}`,
        `bytes 262144-524287/${SIZE}`,
        // YouTube kept only half of the resent chunk: the rest of it goes again, from its Range.
        `bytes 393216-524287/${SIZE}`,
        `bytes 524288-614399/${SIZE}`,
      ]);
      expect(session.received.equals(bytes)).toBe(true);
    });

    it('keeps an interrupted upload for later and resumes it from YouTube’s Range, re-reading only what is missing', async () => {
      // The media host breaks off after 300 KiB: the first chunk reaches YouTube, the second cannot be read.
      cdn.on(
        'GET',
        '/v.mp4',
        {
          headers: { 'content-type': 'video/mp4', 'content-length': String(SIZE) },
          body: bytes.subarray(0, 300 * KIB),
        },
        { headers: { 'content-type': 'video/mp4', 'content-length': String(SIZE) }, body: bytes },
      );
      const post = request();
      const first = await sut.publish(credentials, post);
      expect(first).toEqual({
        status: 'processing',
        handle: `yt-upload:${SIZE}:${sessionUri()}`,
        checkAfterMs: 30_000,
      });
      expect(puts()).toEqual([`bytes 0-262143/${SIZE}`]);

      expect(
        await sut.publishStatus(credentials, {
          handle: first.status === 'processing' ? first.handle : '',
          request: post,
        }),
      ).toEqual({
        status: 'processing',
        handle: 'yt-video:dQw4w9WgXcQ',
        checkAfterMs: 30_000,
      });
      expect(puts().slice(1)).toEqual([
        `bytes */${SIZE}`,
        `bytes 262144-524287/${SIZE}`,
        `bytes 524288-614399/${SIZE}`,
      ]);
      expect(session.received.equals(bytes)).toBe(true);
      expect(api.requestsTo('POST', '/upload/youtube/v3/videos')).toHaveLength(1);
    });

    it('an access token expiring mid-upload keeps the session; a completed session is not uploaded again', async () => {
      session.interfere = (chunk) =>
        chunk === 1 ? googleError(401, 'authError', 'Invalid Credentials') : null;
      const post = request();
      const first = await sut.publish(credentials, post);
      expect(first).toMatchObject({ status: 'processing', handle: `yt-upload:${SIZE}:${sessionUri()}` });
      session.received = Buffer.from(bytes);
      const handle = first.status === 'processing' ? first.handle : '';
      expect(await sut.publishStatus(credentials, { handle, request: post })).toMatchObject({
        handle: 'yt-video:dQw4w9WgXcQ',
      });
      expect(puts().slice(-1)).toEqual([`bytes */${SIZE}`]);
      expect(cdn.requests).toHaveLength(1);
    });

    it('an expired session fails the resume, and a handle naming another host is refused', async () => {
      api.on('PUT', '/upload/youtube/v3/videos', { status: 404, body: 'Not Found' });
      const handle = `yt-upload:${SIZE}:${sessionUri()}`;
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle, request: request() })),
      ).toMatchObject({ kind: 'transient', platformCode: 'uploadSessionExpired', platformStatus: 404 });
      await expect(
        sut.publishStatus(credentials, {
          handle: `yt-upload:${SIZE}:https://evil.example/upload/youtube/v3/videos?x`,
          request: request(),
        }),
      ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    });

    it('rejects a video YouTube refused after processing, with its reason', async () => {
      api.on('GET', '/youtube/v3/videos', {
        json: { items: [{ id: 'v', status: { uploadStatus: 'rejected', rejectionReason: 'duplicate' } }] },
      });
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle: 'yt-video:v', request: request() })),
      ).toMatchObject({
        kind: 'rejected',
        platformCode: 'duplicate',
        reason: 'YouTube rejected the video: duplicate',
      });
    });
  });

  describe('quota', () => {
    it('treats quotaExceeded as rate limited until midnight Pacific and stops calling YouTube until then', async () => {
      api.on(
        'POST',
        '/upload/youtube/v3/videos',
        googleError(
          403,
          'quotaExceeded',
          'The request cannot be completed because you have exceeded your quota.',
        ),
      );
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        platformCode: 'quotaExceeded',
        retryAfterMs: UNTIL_PACIFIC_MIDNIGHT,
        outcomeUnknown: false,
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: UNTIL_PACIFIC_MIDNIGHT,
      });
      expect(api.requestsTo('POST', '/upload/youtube/v3/videos')).toHaveLength(1);
    });

    it('counts units itself: under the units-only model two uploads fit in 3,200 units, the third is refused locally', async () => {
      sut = connector({ quota: youtubeUnitsOnlyQuota(3_200) });
      for (let i = 0; i < 2; i++) {
        session.received = Buffer.alloc(0);
        await sut.publish(credentials, request());
      }
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: UNTIL_PACIFIC_MIDNIGHT,
      });
      expect(api.requestsTo('POST', '/upload/youtube/v3/videos')).toHaveLength(2);
    });
  });

  describe('errors', () => {
    it('classifies Google’s reasons: authError, uploadLimitExceeded, rateLimitExceeded, invalid metadata', async () => {
      api.on(
        'POST',
        '/upload/youtube/v3/videos',
        googleError(401, 'authError', 'Invalid Credentials'),
        googleError(
          400,
          'uploadLimitExceeded',
          'The user has exceeded the number of videos they may upload.',
        ),
        {
          ...googleError(403, 'rateLimitExceeded', 'Rate limit exceeded'),
          headers: { 'retry-after': '120' },
        },
        googleError(400, 'invalidTitle', 'The request metadata specifies an invalid or empty video title.'),
      );
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'needs_refresh',
        platformCode: 'authError',
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: UNTIL_PACIFIC_MIDNIGHT,
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 120_000,
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rejected',
        reason: 'The request metadata specifies an invalid or empty video title.',
      });
    });

    it('a 5xx, a timeout or a malformed answer to a read is transient', async () => {
      api.on(
        'GET',
        '/youtube/v3/videos',
        {
          status: 503,
          json: { error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] } },
        },
        { body: '{"items": [' },
        { delayMs: 5_000, json: {} },
      );
      const status = () => sut.publishStatus(credentials, { handle: 'yt-video:v', request: request() });
      expect(await platformFailure(status())).toMatchObject({
        kind: 'transient',
        platformCode: 'backendError',
        outcomeUnknown: false,
      });
      expect(await platformFailure(status())).toMatchObject({ kind: 'transient', outcomeUnknown: false });
      sut = connector({ timeoutMs: 300 });
      expect(await platformFailure(status())).toMatchObject({
        kind: 'transient',
        reason: 'GET /youtube/v3/videos did not answer within 300 ms',
      });
    });
  });

  describe('reading', () => {
    it('reads statistics (decimal strings), noting hidden likes', async () => {
      api.on(
        'GET',
        '/youtube/v3/videos',
        {
          json: {
            items: [
              {
                id: 'v',
                statistics: { viewCount: '15230', likeCount: '321', favoriteCount: '0', commentCount: '12' },
              },
            ],
          },
        },
        { json: { items: [{ id: 'v', statistics: { viewCount: '5', commentCount: '0' } }] } },
      );
      expect(await sut.postMetrics(credentials, 'v')).toEqual({
        metrics: { impressions: 15230, reach: 0, likes: 321, comments: 12, shares: 0, saves: 0, clicks: 0 },
        unavailable: ['reach', 'shares', 'saves', 'clicks'],
      });
      expect(api.requests[0].query).toEqual({ part: 'statistics', id: 'v' });
      expect((await sut.postMetrics(credentials, 'v')).unavailable).toEqual([
        'likes',
        'reach',
        'shares',
        'saves',
        'clicks',
      ]);
    });

    it('reads the channel: profile and subscriber counts', async () => {
      api.on('GET', '/youtube/v3/channels', (r) =>
        r.query.part === 'statistics'
          ? {
              json: {
                items: [
                  {
                    id: credentials.externalId,
                    statistics: {
                      subscriberCount: '1200',
                      hiddenSubscriberCount: false,
                      videoCount: '48',
                      viewCount: '99',
                    },
                  },
                ],
              },
            }
          : {
              json: {
                items: [
                  {
                    id: credentials.externalId,
                    snippet: {
                      title: 'Herald',
                      customUrl: '@heraldhq',
                      thumbnails: { default: { url: 'https://yt3.example/a.jpg' } },
                    },
                  },
                ],
              },
            },
      );
      expect(await sut.accountMetrics(credentials)).toEqual({ followers: 1200, following: null, posts: 48 });
      expect(await sut.profile(credentials)).toEqual({
        externalId: credentials.externalId,
        handle: '@heraldhq',
        displayName: 'Herald',
        url: `https://www.youtube.com/channel/${credentials.externalId}`,
        avatarUrl: 'https://yt3.example/a.jpg',
      });
      expect(api.requests[0].query).toEqual({ part: 'statistics', id: credentials.externalId });
    });

    it('lists recent uploads from the uploads playlist for reconciliation', async () => {
      api.on('GET', '/youtube/v3/channels', {
        json: {
          items: [
            {
              id: credentials.externalId,
              contentDetails: { relatedPlaylists: { uploads: 'UU_x5XG1OV2P6uZZ5FSM9Ttw' } },
            },
          ],
        },
      });
      api.on('GET', '/youtube/v3/playlistItems', {
        json: {
          items: [
            {
              snippet: {
                publishedAt: '2026-11-24T10:03:00Z',
                title: 'Launch day',
                description: 'Launch day! #herald',
                resourceId: { kind: 'youtube#video', videoId: 'new1' },
              },
            },
            {
              snippet: {
                publishedAt: '2026-11-01T10:00:00Z',
                title: 'Old',
                description: 'old',
                resourceId: { kind: 'youtube#video', videoId: 'old1' },
              },
            },
          ],
        },
      });
      expect(
        await sut.recentPosts(credentials, { since: new Date('2026-11-24T09:58:00Z'), limit: 10 }),
      ).toEqual({
        supported: true,
        posts: [
          {
            platformPostId: 'new1',
            url: 'https://www.youtube.com/watch?v=new1',
            text: 'Launch day! #herald',
            createdAt: '2026-11-24T10:03:00.000Z',
          },
        ],
      });
      expect(api.requests.map((r) => r.query)).toEqual([
        { part: 'contentDetails', id: credentials.externalId },
        { part: 'snippet', playlistId: 'UU_x5XG1OV2P6uZZ5FSM9Ttw', maxResults: '10' },
      ]);
    });
  });
});
