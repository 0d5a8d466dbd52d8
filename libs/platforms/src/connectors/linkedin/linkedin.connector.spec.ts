import { FixedClock } from '@herald/shared-kernel';
import type { AccountCredentials, TokenSet } from '../../connector.port';
import { MediaSource } from '../../media/media-source';
import {
  FakePlatformServer,
  mediaItem,
  mp4Bytes,
  platformFailure,
  pngBytes,
  renderedPost,
  type RecordedRequest,
} from '../../testing';
import { LinkedInConnector } from './linkedin.connector';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'li-token',
  refreshToken: 'li-refresh',
  expiresAt: null,
  scopes: ['openid', 'profile', 'w_member_social'],
};
const member: AccountCredentials = { externalId: 'urn:li:person:abc123', tokens };
const organization: AccountCredentials = {
  externalId: 'urn:li:organization:2414183',
  tokens: { ...tokens, scopes: ['w_organization_social', 'r_organization_social'] },
};
const attemptId = '0193a5c0-0000-7000-8000-000000000005';
const versioned = {
  authorization: 'Bearer li-token',
  'linkedin-version': '202607',
  'x-restli-protocol-version': '2.0.0',
};

describe(LinkedInConnector.name, () => {
  let api: FakePlatformServer;
  let cdn: FakePlatformServer;
  let sut: LinkedInConnector;
  const connector = (timeoutMs: number, organizations = true): LinkedInConnector =>
    new LinkedInConnector(
      {
        clientId: 'li-client',
        clientSecret: 'li-secret',
        apiBaseUrl: api.url,
        oauthBaseUrl: `${api.url}/www`,
        apiVersion: '202607',
        organizations,
      },
      {
        clock: new FixedClock(now),
        timeoutMs,
        uploadTimeoutMs: timeoutMs,
        media: new MediaSource({ platform: 'linkedin', allowPrivateNetwork: true }),
      },
    );
  const created = (urn: string) => ({ status: 201, headers: { 'x-restli-id': urn } });

  beforeAll(async () => {
    [api, cdn] = await Promise.all([FakePlatformServer.start(), FakePlatformServer.start()]);
  });
  afterAll(() => Promise.all([api.close(), cdn.close()]));
  beforeEach(() => {
    api.reset();
    cdn.reset();
    sut = connector(10_000);
  });

  describe('publishing', () => {
    it('posts text for a member in little text format and takes the id from x-restli-id', async () => {
      api.on('POST', '/rest/posts', created('urn:li:share:7140000000000000001'));
      const post = renderedPost('linkedin', { text: 'Launch (beta) today! #herald' });
      expect(await sut.publish(member, { attemptId, post })).toEqual({
        status: 'published',
        platformPostId: 'urn:li:share:7140000000000000001',
        url: 'https://www.linkedin.com/feed/update/urn:li:share:7140000000000000001/',
      });
      expect(api.requests[0].headers).toMatchObject({ ...versioned, 'content-type': 'application/json' });
      expect(api.requests[0].json()).toEqual({
        author: 'urn:li:person:abc123',
        commentary: 'Launch \\(beta\\) today! {hashtag|\\#|herald}',
        visibility: 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      });
    });

    it('uploads each image for a Page, then posts them as a multi-image post', async () => {
      const bytes = [pngBytes(100, 100, 1200), pngBytes(200, 100, 900)];
      cdn.on('GET', '/a.png', {
        headers: { 'content-type': 'image/png', 'content-length': '1200' },
        body: bytes[0],
      });
      cdn.on('GET', '/b.png', {
        headers: { 'content-type': 'image/png', 'content-length': '900' },
        body: bytes[1],
      });
      let n = 0;
      api.on('POST', '/rest/images', () => ({
        json: {
          value: {
            uploadUrlExpiresAt: 1,
            uploadUrl: `${api.url}/dms-uploads/img${++n}`,
            image: `urn:li:image:I${n}`,
          },
        },
      }));
      api.on('PUT', '/dms-uploads/:id', { status: 201, body: '' });
      api.on('POST', '/rest/posts', created('urn:li:share:2'));
      const media = [
        mediaItem({ url: `${cdn.url}/a.png`, sizeBytes: 1200, altText: 'Team photo' }),
        mediaItem({ url: `${cdn.url}/b.png`, sizeBytes: 900 }),
      ];

      await sut.publish(organization, { attemptId, post: renderedPost('linkedin', { text: 'Two', media }) });
      const inits = api.requestsTo('POST', '/rest/images');
      expect(inits.map((r) => r.query)).toEqual([
        { action: 'initializeUpload' },
        { action: 'initializeUpload' },
      ]);
      expect(inits[0].json()).toEqual({ initializeUploadRequest: { owner: 'urn:li:organization:2414183' } });
      const puts = api.requestsTo('PUT', '/dms-uploads/:id');
      expect(
        puts.map((r) => [
          r.path,
          r.headers['content-length'],
          r.headers['content-type'],
          r.headers.authorization,
        ]),
      ).toEqual([
        ['/dms-uploads/img1', '1200', 'image/png', 'Bearer li-token'],
        ['/dms-uploads/img2', '900', 'image/png', 'Bearer li-token'],
      ]);
      expect(puts[0].body.equals(bytes[0])).toBe(true);
      expect(puts[1].body.equals(bytes[1])).toBe(true);
      expect(api.requestsTo('POST', '/rest/posts')[0].json()).toMatchObject({
        author: 'urn:li:organization:2414183',
        content: {
          multiImage: {
            images: [{ id: 'urn:li:image:I1', altText: 'Team photo' }, { id: 'urn:li:image:I2' }],
          },
        },
      });
    });

    it('uploads a video in the parts LinkedIn assigns, finalizes with their ETags, and posts once it is AVAILABLE', async () => {
      const bytes = mp4Bytes(2500);
      cdn.on('GET', '/v.mp4', {
        headers: { 'content-type': 'video/mp4', 'content-length': '2500' },
        body: bytes,
      });
      const parts = [0, 1000, 2000].map((first, i) => ({
        uploadUrl: `${api.url}/dms-uploads/v/${i}`,
        firstByte: first,
        lastByte: Math.min(first + 999, 2499),
      }));
      api.on('POST', '/rest/videos', (r) =>
        r.query.action === 'initializeUpload'
          ? {
              json: {
                value: {
                  video: 'urn:li:video:V1',
                  uploadToken: 'tok',
                  uploadInstructions: parts,
                  uploadUrlsExpireAt: 1,
                },
              },
            }
          : { status: 200, body: '' },
      );
      api.on('PUT', '/dms-uploads/v/:part', (r) => ({
        status: 200,
        headers: { etag: `"etag-${r.params.part}"` },
      }));
      api.on(
        'GET',
        '/rest/videos/:urn',
        { json: { id: 'urn:li:video:V1', status: 'PROCESSING' } },
        { json: { id: 'urn:li:video:V1', status: 'AVAILABLE' } },
      );
      api.on('POST', '/rest/posts', created('urn:li:ugcPost:9'));
      const request = {
        attemptId,
        post: renderedPost('linkedin', {
          title: 'Demo',
          media: [
            mediaItem({ url: `${cdn.url}/v.mp4`, type: 'video', mimeType: 'video/mp4', sizeBytes: 2500 }),
          ],
        }),
      };

      expect(await sut.publish(member, request)).toEqual({
        status: 'processing',
        handle: 'li-video:urn:li:video:V1',
        checkAfterMs: 15_000,
      });
      const [init, finalize] = api.requestsTo('POST', '/rest/videos');
      expect(init.json()).toEqual({
        initializeUploadRequest: {
          owner: 'urn:li:person:abc123',
          fileSizeBytes: 2500,
          uploadCaptions: false,
          uploadThumbnail: false,
        },
      });
      const puts = api.requestsTo('PUT', '/dms-uploads/v/:part');
      expect(puts.map((r) => r.body.length)).toEqual([1000, 1000, 500]);
      expect(Buffer.concat(puts.map((r) => r.body)).equals(bytes)).toBe(true);
      expect(
        puts.every(
          (r) =>
            r.headers['content-type'] === 'application/octet-stream' && r.headers.authorization === undefined,
        ),
      ).toBe(true);
      expect(finalize.query).toEqual({ action: 'finalizeUpload' });
      expect(finalize.json()).toEqual({
        finalizeUploadRequest: {
          video: 'urn:li:video:V1',
          uploadToken: 'tok',
          uploadedPartIds: ['"etag-0"', '"etag-1"', '"etag-2"'],
        },
      });
      expect(api.requestsTo('GET', '/rest/videos/:urn')[0].path).toBe('/rest/videos/urn%3Ali%3Avideo%3AV1');
      expect(api.requestsTo('POST', '/rest/posts')).toHaveLength(0);

      expect(await sut.publishStatus(member, { handle: 'li-video:urn:li:video:V1', request })).toMatchObject({
        status: 'published',
        platformPostId: 'urn:li:ugcPost:9',
      });
      expect(api.requestsTo('POST', '/rest/posts')[0].json()).toMatchObject({
        content: { media: { id: 'urn:li:video:V1', title: 'Demo' } },
      });
    });

    it('rejects a post whose video LinkedIn failed to process', async () => {
      api.on('GET', '/rest/videos/:urn', {
        json: { status: 'PROCESSING_FAILED', processingFailureReason: 'Video is too short' },
      });
      const request = { attemptId, post: renderedPost('linkedin') };
      expect(
        await platformFailure(sut.publishStatus(member, { handle: 'li-video:urn:li:video:V1', request })),
      ).toMatchObject({
        kind: 'rejected',
        reason: 'the video could not be processed: Video is too short',
      });
    });
  });

  describe('errors', () => {
    const publish = () => sut.publish(member, { attemptId, post: renderedPost('linkedin') });
    const error = (status: number, code: string, message: string) => ({
      status,
      json: { status, serviceErrorCode: 65600, code, message },
    });

    it('an expired token needs a refresh; a revoked one a reconnect', async () => {
      api.on(
        'POST',
        '/rest/posts',
        error(401, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired'),
        error(401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user'),
      );
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'needs_refresh',
        platformCode: 'EXPIRED_ACCESS_TOKEN',
        outcomeUnknown: false,
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'needs_reconnect',
        reason: 'The token used in the request has been revoked by the user',
      });
    });

    it('a rate limit waits for Retry-After, else until the daily reset at midnight UTC', async () => {
      api.on(
        'POST',
        '/rest/posts',
        {
          status: 429,
          headers: { 'retry-after': '30' },
          json: { status: 429, message: 'Too Many Requests' },
        },
        { status: 429, json: { status: 429, message: 'Resource level throttle DAY limit' } },
      );
      expect(await platformFailure(publish())).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 14 * 3_600_000,
      });
    });

    it('a duplicate is rejected with LinkedIn’s words; a sunset version says what to configure', async () => {
      api.on(
        'POST',
        '/rest/posts',
        error(422, 'DUPLICATE_POST', 'Content is a duplicate of urn:li:share:1'),
        {
          status: 426,
          json: {
            status: 426,
            code: 'NONEXISTENT_VERSION',
            message: 'Requested version 202301 is not active',
          },
        },
      );
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rejected',
        reason: 'Content is a duplicate of urn:li:share:1',
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rejected',
        reason: expect.stringContaining('set LINKEDIN_API_VERSION'),
      });
    });

    it('a 5xx, a timeout or a success without the post id leaves the outcome unknown', async () => {
      api.on(
        'POST',
        '/rest/posts',
        { status: 504, body: 'Gateway Timeout' },
        { status: 201 },
        { delayMs: 5_000, ...created('urn:li:share:late') },
      );
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
        platformStatus: 504,
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
        reason: 'LinkedIn accepted the post but sent no x-restli-id',
      });
      sut = connector(300);
      expect(await platformFailure(publish())).toMatchObject({ kind: 'transient', outcomeUnknown: true });
    });

    it('a malformed answer while uploading is transient and not an unknown outcome (nothing is posted yet)', async () => {
      cdn.on('GET', '/a.png', {
        headers: { 'content-type': 'image/png', 'content-length': '500' },
        body: pngBytes(10, 10, 500),
      });
      api.on('POST', '/rest/images', { json: { value: { image: 'urn:li:image:1' } } });
      const post = renderedPost('linkedin', {
        media: [mediaItem({ url: `${cdn.url}/a.png`, sizeBytes: 500 })],
      });
      expect(await platformFailure(sut.publish(member, { attemptId, post }))).toMatchObject({
        kind: 'transient',
        outcomeUnknown: false,
        reason:
          'POST /rest/images answered 200 with an unexpected body: expected a string at value.uploadUrl',
      });
    });
  });

  describe('reading', () => {
    it('reads a Page post’s share statistics', async () => {
      api.on('GET', '/rest/organizationalEntityShareStatistics', {
        json: {
          elements: [
            {
              totalShareStatistics: {
                uniqueImpressionsCount: 900,
                shareCount: 4,
                engagement: 0.05,
                clickCount: 31,
                likeCount: 40,
                impressionCount: 1500,
                commentCount: 6,
              },
            },
          ],
        },
      });
      expect(await sut.postMetrics(organization, 'urn:li:share:2')).toEqual({
        metrics: { impressions: 1500, reach: 900, likes: 40, comments: 6, shares: 4, saves: 0, clicks: 31 },
        unavailable: ['saves'],
      });
      const [request] = api.requests as RecordedRequest[];
      expect(request.query).toEqual({
        q: 'organizationalEntity',
        organizationalEntity: 'urn:li:organization:2414183',
        shares: 'List(urn:li:share:2)',
      });
      expect(request.headers).toMatchObject(versioned);
    });

    it('says which metrics a member post cannot report, and reads reactions where the scope allows', async () => {
      expect(await sut.postMetrics(member, 'urn:li:share:1')).toMatchObject({
        unavailable: ['impressions', 'reach', 'likes', 'comments', 'shares', 'saves', 'clicks'],
      });
      expect(api.requests).toHaveLength(0);
      api.on('GET', '/rest/socialActions/:urn', {
        json: { likesSummary: { totalLikes: 12 }, commentsSummary: { aggregatedTotalComments: 3 } },
      });
      const reader = { ...member, tokens: { ...tokens, scopes: ['r_member_social'] } };
      expect(await sut.postMetrics(reader, 'urn:li:ugcPost:5')).toMatchObject({
        metrics: { likes: 12, comments: 3 },
      });
      expect(api.requests[0].path).toBe('/rest/socialActions/urn%3Ali%3AugcPost%3A5');
    });

    it('reads a Page’s followers and profile; a member has no readable follower count', async () => {
      api.on('GET', '/rest/networkSizes/:urn', { json: { firstDegreeSize: 5120 } });
      api.on('GET', '/rest/organizations/:id', {
        json: { localizedName: 'Herald Inc', vanityName: 'herald' },
      });
      expect(await sut.accountMetrics(organization)).toEqual({
        followers: 5120,
        following: null,
        posts: null,
      });
      expect(api.requests[0]).toMatchObject({
        path: '/rest/networkSizes/urn%3Ali%3Aorganization%3A2414183',
        query: { edgeType: 'COMPANY_FOLLOWED_BY_MEMBER' },
      });
      expect(await sut.profile(organization)).toEqual({
        externalId: 'urn:li:organization:2414183',
        handle: 'herald',
        displayName: 'Herald Inc',
        url: 'https://www.linkedin.com/company/herald/',
        avatarUrl: null,
      });
      expect(await sut.accountMetrics(member)).toEqual({ followers: null, following: null, posts: null });
    });

    it('lists a Page’s recent posts as plain text for reconciliation; a member’s only with r_member_social', async () => {
      api.on('GET', '/rest/posts', {
        json: {
          elements: [
            {
              id: 'urn:li:share:3',
              commentary: 'Launch \\(beta\\) {hashtag|\\#|herald}',
              createdAt: Date.parse('2026-11-24T10:00:02Z'),
            },
            { id: 'urn:li:share:1', commentary: 'Old', createdAt: Date.parse('2026-11-20T10:00:00Z') },
          ],
        },
      });
      expect(
        await sut.recentPosts(organization, { since: new Date('2026-11-24T09:58:00Z'), limit: 50 }),
      ).toEqual({
        supported: true,
        posts: [
          {
            platformPostId: 'urn:li:share:3',
            url: 'https://www.linkedin.com/feed/update/urn:li:share:3/',
            text: 'Launch (beta) #herald',
            createdAt: '2026-11-24T10:00:02.000Z',
          },
        ],
      });
      expect(api.requests[0].query).toEqual({
        q: 'author',
        author: 'urn:li:organization:2414183',
        count: '50',
        sortBy: 'CREATED',
      });
      expect(await sut.recentPosts(member, { since: now, limit: 5 })).toMatchObject({ supported: false });
    });
  });
});
