import { FixedClock } from '@herald/shared-kernel';
import type { AccountCredentials, PublishRequest, TokenSet } from '../../connector.port';
import { MediaSource } from '../../media/media-source';
import { FakePlatformServer, mediaItem, mp4Bytes, platformFailure, renderedPost } from '../../testing';
import { TikTokConnector } from './tiktok.connector';
import { MIB, planChunks } from './tiktok-upload';
import { quoteIntegers } from './tiktok-api';

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

describe(TikTokConnector.name, () => {
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

  describe('direct post', () => {
    it('queries the creator, initializes a FILE_UPLOAD, sends the file with Content-Range, then polls until published', async () => {
      api.on(
        'POST',
        '/v2/post/publish/status/fetch/',
        envelope({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 1000 }),
        // A 64-bit id as a bare JSON number, as TikTok sends it: parsing it as a double would round it.
        {
          body: '{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7441234567890123456],"uploaded_bytes":1000},"error":{"code":"ok","message":"","log_id":"L"}}',
        },
      );
      const post = request();
      expect(await sut.publish(credentials, post)).toEqual({
        status: 'processing',
        handle,
        checkAfterMs: 15_000,
      });
      expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /v2/post/publish/creator_info/query/',
        'POST /v2/post/publish/video/init/',
        'PUT /upload/',
      ]);
      expect(api.requests[0].headers.authorization).toBe('Bearer act.1');
      expect(api.requests[1].json()).toEqual({
        post_info: {
          title: 'Launch day! #herald',
          privacy_level: 'PUBLIC_TO_EVERYONE',
          disable_comment: false,
          disable_duet: true,
          disable_stitch: false,
        },
        source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 },
      });
      const [put] = api.requestsTo('PUT', '/upload/');
      expect(put.query).toEqual({ upload_id: '67890', upload_token: 'Xza123' });
      expect(put.headers).toMatchObject({
        'content-type': 'video/mp4',
        'content-length': '1000',
        'content-range': 'bytes 0-999/1000',
      });
      expect(put.body.equals(mp4Bytes(1000))).toBe(true);

      expect(await sut.publishStatus(credentials, { handle, request: post })).toEqual({
        status: 'processing',
        handle,
        checkAfterMs: 15_000,
      });
      expect(await sut.publishStatus(credentials, { handle, request: post })).toEqual({
        status: 'published',
        platformPostId: '7441234567890123456',
        url: 'https://www.tiktok.com/@herald.hq/video/7441234567890123456',
      });
      expect(api.requestsTo('POST', '/v2/post/publish/status/fetch/')[0].json()).toEqual({
        publish_id: 'v_pub_file~v2-1.123',
      });
    });

    it('splits a large file into chunks of the planned size, the trailing bytes joining the last one', async () => {
      const size = 11 * MIB + 512 * 1024;
      const bytes = mp4Bytes(size);
      cdn.on('GET', '/big.mp4', {
        headers: { 'content-type': 'video/mp4', 'content-length': String(size) },
        body: bytes,
      });
      api.on('PUT', '/upload/', { status: 206, body: '' }, { status: 201, body: '' });
      await sut.publish(credentials, request([video(`${cdn.url}/big.mp4`, size)]));
      expect(api.requestsTo('POST', '/v2/post/publish/video/init/')[0].json()).toMatchObject({
        source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: 5 * MIB, total_chunk_count: 2 },
      });
      const puts = api.requestsTo('PUT', '/upload/');
      expect(puts.map((r) => r.headers['content-range'])).toEqual([
        `bytes 0-${5 * MIB - 1}/${size}`,
        `bytes ${5 * MIB}-${size - 1}/${size}`,
      ]);
      expect(Buffer.concat(puts.map((r) => r.body)).equals(bytes)).toBe(true);
      expect(planChunks(200 * MIB, 64 * MIB)).toEqual({
        videoSize: 200 * MIB,
        chunkSize: 64 * MIB,
        totalChunkCount: 3,
      });
      expect(planChunks(4 * MIB, 10 * MIB)).toEqual({
        videoSize: 4 * MIB,
        chunkSize: 4 * MIB,
        totalChunkCount: 1,
      });
    });

    it('lets TikTok pull a video from a verified domain, and photos only from one', async () => {
      api.on('POST', '/v2/post/publish/content/init/', envelope({ publish_id: 'p_pub_url~v2.1' }));
      await sut.publish(credentials, request([video('https://media.herald.example/v.mp4', 1000)]));
      expect(api.requestsTo('POST', '/v2/post/publish/video/init/')[0].json()).toMatchObject({
        source_info: { source: 'PULL_FROM_URL', video_url: 'https://media.herald.example/v.mp4' },
      });
      expect(cdn.requests).toHaveLength(0);

      const photos = [1, 2].map((n) =>
        mediaItem({ url: `https://media.herald.example/${n}.jpg`, mimeType: 'image/jpeg' }),
      );
      const result = await sut.publish(credentials, {
        attemptId,
        post: renderedPost('tiktok', { title: 'Spring', media: photos }),
      });
      expect(result).toMatchObject({ handle: 'tt-publish:p_pub_url~v2.1|PUBLIC_TO_EVERYONE|herald.hq' });
      expect(api.requestsTo('POST', '/v2/post/publish/content/init/')[0].json()).toEqual({
        post_info: {
          description: 'Launch day! #herald',
          privacy_level: 'PUBLIC_TO_EVERYONE',
          disable_comment: false,
          auto_add_music: true,
          title: 'Spring',
        },
        source_info: {
          source: 'PULL_FROM_URL',
          photo_cover_index: 0,
          photo_images: ['https://media.herald.example/1.jpg', 'https://media.herald.example/2.jpg'],
        },
        post_mode: 'DIRECT_POST',
        media_type: 'PHOTO',
      });
      const elsewhere = [mediaItem({ url: 'https://cdn.other.example/1.jpg', mimeType: 'image/jpeg' })];
      expect(
        await platformFailure(
          sut.publish(credentials, { attemptId, post: renderedPost('tiktok', { media: elsewhere }) }),
        ),
      ).toMatchObject({ kind: 'rejected' });
    });

    it('refuses before any upload when the creator’s limits do not allow the post', async () => {
      api.on(
        'POST',
        '/v2/post/publish/creator_info/query/',
        creator({ max_video_post_duration_sec: 60 }),
        creator({ privacy_level_options: ['SELF_ONLY'] }),
      );
      expect(
        await platformFailure(sut.publish(credentials, request([video(`${cdn.url}/v.mp4`, 1000, 90)]))),
      ).toMatchObject({
        kind: 'rejected',
        reason: 'the video lasts 90 s; this creator may post at most 60 s',
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rejected',
        reason: 'this creator cannot post as PUBLIC_TO_EVERYONE; TikTok offers SELF_ONLY',
      });
      expect(api.requestsTo('POST', '/v2/post/publish/video/init/')).toHaveLength(0);
    });

    it('maps a FAILED publish by its fail_reason; a private post is complete without a public id', async () => {
      api.on(
        'POST',
        '/v2/post/publish/status/fetch/',
        envelope({ status: 'FAILED', fail_reason: 'file_format_check_failed' }),
        envelope({ status: 'FAILED', fail_reason: 'auth_removed' }),
        envelope({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [] }),
      );
      const post = request();
      expect(await platformFailure(sut.publishStatus(credentials, { handle, request: post }))).toMatchObject({
        kind: 'rejected',
        platformCode: 'file_format_check_failed',
        outcomeUnknown: false,
      });
      expect(await platformFailure(sut.publishStatus(credentials, { handle, request: post }))).toMatchObject({
        kind: 'needs_reconnect',
      });
      expect(await sut.publishStatus(credentials, { handle, request: post })).toMatchObject({
        status: 'processing',
      });
      const privateHandle = 'tt-publish:v_pub_file~v2-1.123|SELF_ONLY|herald.hq';
      expect(await sut.publishStatus(credentials, { handle: privateHandle, request: post })).toEqual({
        status: 'published',
        platformPostId: 'v_pub_file~v2-1.123',
        url: null,
      });
    });
  });

  describe('errors', () => {
    it('an invalid token needs a refresh; a missing scope a reconnect', async () => {
      api.on(
        'POST',
        '/v2/post/publish/creator_info/query/',
        failure(401, 'access_token_invalid', 'The access token is invalid or not found in the request.'),
        failure(401, 'scope_not_authorized', 'The user did not authorize the scope required'),
      );
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'needs_refresh',
        reason: 'The access token is invalid or not found in the request. (log_id L1)',
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'needs_reconnect',
      });
    });

    it('a rate limit waits for Retry-After or a minute; "too many posts" (even under HTTP 200) waits a day', async () => {
      api.on(
        'POST',
        '/v2/post/publish/video/init/',
        {
          ...failure(429, 'rate_limit_exceeded', 'API rate limit was exceeded'),
          headers: { 'retry-after': '20' },
        },
        failure(429, 'rate_limit_exceeded', 'API rate limit was exceeded'),
        {
          json: {
            data: {},
            error: {
              code: 'spam_risk_too_many_posts',
              message: 'The daily post cap from the API is reached',
              log_id: 'L2',
            },
          },
        },
      );
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 20_000,
        platformStatus: 429,
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 60_000,
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 86_400_000,
        platformCode: 'spam_risk_too_many_posts',
      });
    });

    it('only the call that starts the post can hide one: the last chunk, or a PULL_FROM_URL init', async () => {
      api.on('POST', '/v2/post/publish/video/init/', failure(500, 'internal_error', 'Something went wrong'));
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'transient',
        outcomeUnknown: false,
      });
      api.on(
        'POST',
        '/v2/post/publish/video/init/',
        envelope({ publish_id: 'p', upload_url: `${api.url}/upload/` }),
      );
      api.on('PUT', '/upload/', { status: 503, body: 'busy' });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
        platformStatus: 503,
      });
      api.on('POST', '/v2/post/publish/video/init/', { delayMs: 5_000, json: {} });
      sut = connector(300);
      expect(
        await platformFailure(
          sut.publish(credentials, request([video('https://media.herald.example/v.mp4', 1000)])),
        ),
      ).toMatchObject({ kind: 'transient', outcomeUnknown: true });
    });

    it('a malformed status answer is transient, never a verdict', async () => {
      api.on(
        'POST',
        '/v2/post/publish/status/fetch/',
        { body: '{"data":{"status":' },
        envelope({ fail_reason: null }),
      );
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle, request: request() })),
      ).toMatchObject({ kind: 'transient', outcomeUnknown: false });
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle, request: request() })),
      ).toMatchObject({
        kind: 'transient',
        reason: expect.stringContaining('expected a string at data.status'),
      });
    });
  });

  it('quotes only the named int64 fields, leaving strings and other numbers alone', () => {
    expect(quoteIntegers('{"a":[7441234567890123456, "12"],"b":5,"a2":-3}', ['a', 'a2'])).toBe(
      '{"a":["7441234567890123456", "12"],"b":5,"a2":"-3"}',
    );
  });

  describe('reading', () => {
    it('reads a video’s counts', async () => {
      api.on(
        'POST',
        '/v2/video/query/',
        envelope({
          videos: [{ id: '744', like_count: 50, comment_count: 4, share_count: 3, view_count: 1200 }],
        }),
      );
      expect(await sut.postMetrics(credentials, '744')).toEqual({
        metrics: { impressions: 1200, reach: 0, likes: 50, comments: 4, shares: 3, saves: 0, clicks: 0 },
        unavailable: ['reach', 'saves', 'clicks'],
      });
      expect(api.requests[0]).toMatchObject({
        query: { fields: 'id,like_count,comment_count,share_count,view_count' },
      });
      expect(api.requests[0].json()).toEqual({ filters: { video_ids: ['744'] } });
    });

    it('reads the profile and account counts', async () => {
      api.on('GET', '/v2/user/info/', (r) =>
        r.query.fields.includes('follower_count')
          ? envelope({ user: { follower_count: 900, following_count: 12, video_count: 40 } })
          : envelope({
              user: {
                open_id: '-000OuEGPX',
                display_name: 'Herald',
                username: 'herald.hq',
                avatar_url: 'https://p16.example/a.jpg',
                profile_deep_link: 'https://vm.tiktok.com/x/',
              },
            }),
      );
      expect(await sut.accountMetrics(credentials)).toEqual({ followers: 900, following: 12, posts: 40 });
      expect(await sut.profile(credentials)).toEqual({
        externalId: '-000OuEGPX',
        handle: 'herald.hq',
        displayName: 'Herald',
        url: 'https://vm.tiktok.com/x/',
        avatarUrl: 'https://p16.example/a.jpg',
      });
    });

    it('pages through recent videos until one predates the attempt', async () => {
      const at = (iso: string) => Date.parse(iso) / 1000;
      api.on(
        'POST',
        '/v2/video/list/',
        envelope({
          videos: [
            {
              id: '3',
              video_description: 'Launch day! #herald',
              create_time: at('2026-11-24T10:00:05Z'),
              share_url: 'https://www.tiktok.com/@h/video/3',
            },
          ],
          cursor: 1732442405000,
          has_more: true,
        }),
        envelope({
          videos: [{ id: '2', title: 'older', create_time: at('2026-11-20T10:00:00Z') }],
          cursor: 1,
          has_more: true,
        }),
      );
      expect(
        await sut.recentPosts(credentials, { since: new Date('2026-11-24T09:58:00Z'), limit: 50 }),
      ).toEqual({
        supported: true,
        posts: [
          {
            platformPostId: '3',
            url: 'https://www.tiktok.com/@h/video/3',
            text: 'Launch day! #herald',
            createdAt: '2026-11-24T10:00:05.000Z',
          },
        ],
      });
      expect(api.requests.map((r) => r.json())).toEqual([
        { max_count: 20 },
        { max_count: 20, cursor: 1732442405000 },
      ]);
      expect(api.requests[0].query).toEqual({ fields: 'id,title,video_description,create_time,share_url' });
    });
  });
});
