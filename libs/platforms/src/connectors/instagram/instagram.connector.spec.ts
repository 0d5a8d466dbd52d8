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

describe(InstagramConnector.name, () => {
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

  describe('publishing', () => {
    it('publishes one image: limit check, container, status, media_publish, permalink', async () => {
      graph.on('POST', `${user}/media`, { json: { id: 'c1' } });
      graph.on('GET', '/v26.0/c1', { json: { status_code: 'FINISHED', id: 'c1' } });
      graph.on('POST', `${user}/media_publish`, { json: { id: '1790' } });
      graph.on('GET', '/v26.0/1790', { json: { permalink: 'https://www.instagram.com/p/Abc/', id: '1790' } });
      const post = request([{ ...image('a'), altText: 'A cup of coffee' }]);

      expect(await sut.publish(credentials, post)).toEqual({
        status: 'published',
        platformPostId: '1790',
        url: 'https://www.instagram.com/p/Abc/',
      });
      expect(graph.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET ${user}/content_publishing_limit`,
        `POST ${user}/media`,
        'GET /v26.0/c1',
        `POST ${user}/media_publish`,
        'GET /v26.0/1790',
      ]);
      expect(graph.requests[0].query).toEqual({ fields: 'quota_usage,config', access_token: 'ig-token' });
      expect(graph.requests[1].form()).toEqual({
        image_url: `${cdn.url}/a.jpg`,
        caption: 'Launch day! #herald',
        alt_text: 'A cup of coffee',
        access_token: 'ig-token',
      });
      expect(graph.requests[2].query).toEqual({ fields: 'status_code,status', access_token: 'ig-token' });
      expect(graph.requests[3].form()).toEqual({ creation_id: 'c1', access_token: 'ig-token' });
      expect(cdn.requests.map((r) => r.path)).toEqual(['/a.jpg']);
    });

    it('publishes a reel once Instagram has finished processing the video', async () => {
      graph.on('POST', `${user}/media`, { json: { id: 'c2' } });
      graph.on(
        'GET',
        '/v26.0/c2',
        { json: { status_code: 'IN_PROGRESS' } },
        { json: { status_code: 'IN_PROGRESS' } },
        { json: { status_code: 'FINISHED' } },
      );
      graph.on('POST', `${user}/media_publish`, { json: { id: '1791' } });
      graph.on('GET', '/v26.0/1791', { status: 500, body: 'oops' });
      const post = request([video('v')]);

      expect(await sut.publish(credentials, post)).toEqual({
        status: 'processing',
        handle: 'ig-container:c2',
        checkAfterMs: 60_000,
      });
      expect(graph.requestsTo('POST', `${user}/media`)[0].form()).toEqual({
        media_type: 'REELS',
        video_url: `${cdn.url}/v.mp4`,
        caption: 'Launch day! #herald',
        share_to_feed: 'true',
        access_token: 'ig-token',
      });
      expect(
        await sut.publishStatus(credentials, { handle: 'ig-container:c2', request: post }),
      ).toMatchObject({ status: 'processing' });
      expect(graph.requestsTo('POST', `${user}/media_publish`)).toHaveLength(0);
      // The permalink read fails, but the post exists: the answer is still "published".
      expect(await sut.publishStatus(credentials, { handle: 'ig-container:c2', request: post })).toEqual({
        status: 'published',
        platformPostId: '1791',
        url: null,
      });
    });

    it('builds a carousel: item containers first, the CAROUSEL container once every item is ready', async () => {
      let next = 0;
      graph.on('POST', `${user}/media`, () => ({ json: { id: `k${++next}` } }));
      graph.on('GET', '/v26.0/k1', { json: { status_code: 'FINISHED' } });
      graph.on(
        'GET',
        '/v26.0/k2',
        { json: { status_code: 'IN_PROGRESS' } },
        { json: { status_code: 'FINISHED' } },
      );
      graph.on('GET', '/v26.0/k3', { json: { status_code: 'FINISHED' } });
      graph.on('POST', `${user}/media_publish`, { json: { id: '1792' } });
      graph.on('GET', '/v26.0/1792', { json: { permalink: 'https://www.instagram.com/p/Car/' } });
      const post = request([image('one'), video('two')]);

      expect(await sut.publish(credentials, post)).toEqual({
        status: 'processing',
        handle: 'ig-children:k1,k2',
        checkAfterMs: 60_000,
      });
      const creates = graph.requestsTo('POST', `${user}/media`).map((r) => r.form());
      expect(creates).toEqual([
        { image_url: `${cdn.url}/one.jpg`, is_carousel_item: 'true', access_token: 'ig-token' },
        {
          media_type: 'VIDEO',
          video_url: `${cdn.url}/two.mp4`,
          is_carousel_item: 'true',
          access_token: 'ig-token',
        },
      ]);

      expect(
        await sut.publishStatus(credentials, { handle: 'ig-children:k1,k2', request: post }),
      ).toMatchObject({ status: 'published', platformPostId: '1792' });
      expect(graph.requestsTo('POST', `${user}/media`)[2].form()).toEqual({
        media_type: 'CAROUSEL',
        children: 'k1,k2',
        caption: 'Launch day! #herald',
        access_token: 'ig-token',
      });
      expect(graph.requestsTo('POST', `${user}/media_publish`)[0].form()).toEqual({
        creation_id: 'k3',
        access_token: 'ig-token',
      });
    });

    it('rejects with Instagram’s words when a container fails, and retries afresh when it expired', async () => {
      const post = request();
      graph.on('GET', '/v26.0/bad', {
        json: { status_code: 'ERROR', status: 'Error: Media ID is not available (2207006)' },
      });
      graph.on('GET', '/v26.0/old', { json: { status_code: 'EXPIRED' } });
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle: 'ig-container:bad', request: post })),
      ).toMatchObject({
        kind: 'rejected',
        reason: 'the post: Error: Media ID is not available (2207006)',
      });
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle: 'ig-children:old', request: post })),
      ).toMatchObject({ kind: 'transient', outcomeUnknown: false });
      await expect(
        sut.publishStatus(credentials, { handle: 'fb-video:1', request: post }),
      ).rejects.toBeInstanceOf(HeraldError);
    });

    it('never publishes a container twice: an already published one must be reconciled', async () => {
      graph.on('GET', '/v26.0/done', { json: { status_code: 'PUBLISHED' } });
      expect(
        await platformFailure(
          sut.publishStatus(credentials, { handle: 'ig-container:done', request: request() }),
        ),
      ).toMatchObject({ kind: 'transient', outcomeUnknown: true });
      expect(graph.requestsTo('POST', `${user}/media_publish`)).toHaveLength(0);
    });

    it('stops before any container when the 24-hour publishing limit is used up', async () => {
      quota(100);
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 3_600_000,
      });
      expect(graph.requestsTo('POST', `${user}/media`)).toHaveLength(0);
    });

    it('checks each media URL before Instagram fetches it: a dead link or a PNG served as JPEG fails early', async () => {
      cdn.on('GET', '/bad/gone.jpg', { status: 404, body: 'not found' });
      cdn.on('GET', '/bad/fake.jpg', {
        headers: { 'content-type': 'image/jpeg', 'content-length': '3000' },
        body: pngBytes(100, 100, 3000),
      });
      expect(await platformFailure(sut.publish(credentials, request([image('bad/gone')])))).toMatchObject({
        kind: 'rejected',
        reason: expect.stringContaining('HTTP 404'),
      });
      expect(await platformFailure(sut.publish(credentials, request([image('bad/fake')])))).toMatchObject({
        kind: 'rejected',
        reason: 'media #1 is served as image/jpeg but its content is image/png',
      });
      expect(graph.requestsTo('POST', `${user}/media`)).toHaveLength(0);
    });

    it('refuses a post without media before calling Instagram', async () => {
      await expect(sut.publish(credentials, request([]))).rejects.toMatchObject({
        code: 'POST.MEDIA_REQUIRED',
      });
      expect(graph.requests).toHaveLength(0);
    });
  });

  describe('errors', () => {
    const publishOne = async () => {
      graph.on('POST', `${user}/media`, { json: { id: 'c1' } });
      graph.on('GET', '/v26.0/c1', { json: { status_code: 'FINISHED' } });
      return sut.publish(credentials, request());
    };

    it('an invalid or expired token needs a new login (Instagram tokens cannot be refreshed once refused)', async () => {
      graph.on('GET', `${user}/content_publishing_limit`, {
        status: 400,
        json: {
          error: {
            message: 'Error validating access token: Session has expired',
            type: 'OAuthException',
            code: 190,
            error_subcode: 463,
          },
        },
      });
      expect(await platformFailure(publishOne())).toMatchObject({
        kind: 'needs_reconnect',
        platformCode: '190/463',
        platformStatus: 400,
      });
    });

    it('a throttle waits as long as the usage header says; the publishing limit error waits an hour', async () => {
      graph.on(
        'POST',
        `${user}/media_publish`,
        {
          status: 400,
          headers: {
            'x-business-use-case-usage': JSON.stringify({
              '17841405822304914': [
                {
                  type: 'instagram',
                  call_count: 100,
                  total_time: 20,
                  total_cputime: 20,
                  estimated_time_to_regain_access: 12,
                },
              ],
            }),
          },
          json: { error: { message: 'Application request limit reached', code: 4, is_transient: true } },
        },
        {
          status: 400,
          json: {
            error: {
              message: 'The account has reached its publishing limit',
              code: 9,
              error_subcode: 2207042,
            },
          },
        },
      );
      expect(await platformFailure(publishOne())).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 720_000,
        outcomeUnknown: false,
      });
      expect(await platformFailure(publishOne())).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 3_600_000,
        platformCode: '9/2207042',
      });
    });

    it('a 5xx, a timeout or a malformed answer to media_publish leaves the outcome unknown', async () => {
      graph.on(
        'POST',
        `${user}/media_publish`,
        { status: 502, body: '<html>Bad Gateway</html>' },
        { body: '{"id":' },
        { delayMs: 5_000, json: { id: 'late' } },
      );
      expect(await platformFailure(publishOne())).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
        platformStatus: 502,
      });
      expect(await platformFailure(publishOne())).toMatchObject({ kind: 'transient', outcomeUnknown: true });
      sut = connector(300);
      expect(await platformFailure(publishOne())).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
        reason: `POST ${user}/media_publish did not answer within 300 ms`,
      });
    });

    it('a failure while creating containers is never an unknown outcome (nothing is visible yet)', async () => {
      graph.on('POST', `${user}/media`, {
        status: 500,
        json: { error: { message: 'An unknown error occurred', code: 1, is_transient: true } },
      });
      expect(await platformFailure(sut.publish(credentials, request()))).toMatchObject({
        kind: 'transient',
        outcomeUnknown: false,
      });
    });
  });

  describe('reading', () => {
    it('maps media insights (views for impressions) and says clicks are not reported', async () => {
      graph.on('GET', '/v26.0/1790/insights', {
        json: {
          data: [
            { name: 'views', period: 'lifetime', values: [{ value: 1500 }] },
            { name: 'reach', period: 'lifetime', values: [{ value: 900 }] },
            { name: 'likes', period: 'lifetime', values: [{ value: 80 }] },
            { name: 'comments', period: 'lifetime', values: [{ value: 7 }] },
            { name: 'shares', period: 'lifetime', values: [{ value: 5 }] },
            { name: 'saved', period: 'lifetime', values: [{ value: 11 }] },
          ],
        },
      });
      expect(await sut.postMetrics(credentials, '1790')).toEqual({
        metrics: { impressions: 1500, reach: 900, likes: 80, comments: 7, shares: 5, saves: 11, clicks: 0 },
        unavailable: ['clicks'],
      });
      expect(graph.requests[0].query).toEqual({
        metric: 'views,reach,likes,comments,shares,saved',
        access_token: 'ig-token',
      });
    });

    it('falls back to public counts when insights are refused (too few viewers)', async () => {
      graph.on('GET', '/v26.0/1790/insights', {
        status: 400,
        json: { error: { message: '(#10) Not enough viewers for the media to show insights', code: 10 } },
      });
      graph.on('GET', '/v26.0/1790', { json: { like_count: 4, comments_count: 1, id: '1790' } });
      graph.on('GET', '/v26.0/1791/insights', {
        status: 400,
        json: { error: { message: 'Invalid parameter', code: 100 } },
      });
      graph.on('GET', '/v26.0/1791', { json: { like_count: 2, comments_count: 0 } });
      expect(await sut.postMetrics(credentials, '1790')).toMatchObject({
        metrics: { likes: 4, comments: 1 },
        unavailable: ['impressions', 'reach', 'shares', 'saves', 'clicks'],
      });
      expect(await sut.postMetrics(credentials, '1791')).toEqual({
        metrics: { impressions: 0, reach: 0, likes: 2, comments: 0, shares: 0, saves: 0, clicks: 0 },
        unavailable: ['impressions', 'reach', 'shares', 'saves', 'clicks'],
      });
    });

    it('reads the profile and account metrics', async () => {
      graph.on('GET', user, (r) =>
        r.query.fields === 'followers_count,follows_count,media_count'
          ? { json: { followers_count: 1200, follows_count: 80, media_count: 310 } }
          : {
              json: {
                user_id: '17841405822304914',
                username: 'herald.hq',
                name: 'Herald',
                profile_picture_url: 'https://cdn.example/p.jpg',
              },
            },
      );
      expect(await sut.accountMetrics(credentials)).toEqual({ followers: 1200, following: 80, posts: 310 });
      expect(await sut.profile(credentials)).toEqual({
        externalId: '17841405822304914',
        handle: 'herald.hq',
        displayName: 'Herald',
        url: 'https://www.instagram.com/herald.hq/',
        avatarUrl: 'https://cdn.example/p.jpg',
      });
    });

    it('lists recent media since the attempt started, for reconciliation', async () => {
      graph.on('GET', `${user}/media`, {
        json: {
          data: [
            {
              id: '1795',
              caption: 'Launch day! #herald',
              timestamp: '2026-11-24T10:00:03+0000',
              permalink: 'https://www.instagram.com/p/X/',
            },
            { id: '1796', timestamp: '2026-11-24T10:01:00+0000' },
          ],
        },
      });
      expect(
        await sut.recentPosts(credentials, { since: new Date('2026-11-24T09:58:00.000Z'), limit: 50 }),
      ).toEqual({
        supported: true,
        posts: [
          {
            platformPostId: '1795',
            url: 'https://www.instagram.com/p/X/',
            text: 'Launch day! #herald',
            createdAt: '2026-11-24T10:00:03.000Z',
          },
          { platformPostId: '1796', url: null, text: '', createdAt: '2026-11-24T10:01:00.000Z' },
        ],
      });
      expect(graph.requests[0].query).toEqual({
        fields: 'id,caption,timestamp,permalink',
        since: '1795514280',
        limit: '50',
        access_token: 'ig-token',
      });
    });
  });
});
