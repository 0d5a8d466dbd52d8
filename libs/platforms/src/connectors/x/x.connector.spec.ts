import { FixedClock, HeraldError } from '@herald/shared-kernel';
import type { AccountCredentials, TokenSet } from '../../connector.port';
import { MediaSource } from '../../media/media-source';
import {
  FakePlatformServer,
  mediaItem,
  mp4Bytes,
  platformFailure,
  pngBytes,
  renderedPost,
  streamOf,
} from '../../testing';
import { XConnector } from './x.connector';

const now = new Date('2026-11-24T10:00:00.000Z');
const epoch = (seconds: number): string => String(now.getTime() / 1000 + seconds);
const tokens: TokenSet = {
  accessToken: 'user-access',
  refreshToken: 'user-refresh',
  expiresAt: null,
  scopes: ['tweet.write'],
};
const credentials: AccountCredentials = { externalId: '2244994945', tokens };
const attemptId = '0193a5c0-0000-7000-8000-000000000002';
const basic = `Basic ${Buffer.from('client-id:client-secret').toString('base64')}`;

describe(XConnector.name, () => {
  let api: FakePlatformServer;
  let cdn: FakePlatformServer;
  let sut: XConnector;
  const connector = (timeoutMs: number): XConnector =>
    new XConnector(
      {
        clientId: 'client-id',
        clientSecret: 'client-secret',
        apiBaseUrl: api.url,
        authorizeUrl: 'https://x.com/i/oauth2/authorize',
      },
      {
        clock: new FixedClock(now),
        timeoutMs,
        chunkBytes: 1000,
        media: new MediaSource({ platform: 'x', allowPrivateNetwork: true }),
      },
    );

  beforeAll(async () => {
    [api, cdn] = await Promise.all([FakePlatformServer.start(), FakePlatformServer.start()]);
  });
  afterAll(() => Promise.all([api.close(), cdn.close()]));
  beforeEach(() => {
    api.reset();
    cdn.reset();
    sut = connector(10_000);
  });

  describe('OAuth 2.0 with PKCE', () => {
    it('builds the authorize URL with every documented parameter', () => {
      const url = new URL(
        sut.oauth.authorizationUrl({
          state: 'st',
          redirectUri: 'https://app.example.com/cb',
          codeChallenge: 'ch',
        }),
      );
      expect(url.origin + url.pathname).toBe('https://x.com/i/oauth2/authorize');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        response_type: 'code',
        client_id: 'client-id',
        redirect_uri: 'https://app.example.com/cb',
        scope: 'tweet.read tweet.write users.read offline.access media.write',
        state: 'st',
        code_challenge: 'ch',
        code_challenge_method: 'S256',
      });
    });

    it('exchanges the code with the verifier, authenticating as a confidential client', async () => {
      api.on('POST', '/2/oauth2/token', {
        json: {
          token_type: 'bearer',
          expires_in: 7200,
          access_token: 'at',
          scope: 'tweet.read tweet.write offline.access',
          refresh_token: 'rt',
        },
      });
      const result = await sut.oauth.exchangeCode({
        code: 'the-code',
        redirectUri: 'https://app.example.com/cb',
        codeVerifier: 'verifier',
      });
      expect(result).toEqual({
        accessToken: 'at',
        refreshToken: 'rt',
        expiresAt: '2026-11-24T12:00:00.000Z',
        scopes: ['tweet.read', 'tweet.write', 'offline.access'],
      });
      const [request] = api.requests;
      expect(request.headers).toMatchObject({
        authorization: basic,
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(request.form()).toEqual({
        grant_type: 'authorization_code',
        code: 'the-code',
        redirect_uri: 'https://app.example.com/cb',
        code_verifier: 'verifier',
      });
    });

    it('refreshes (X rotates the refresh token) and asks for a reconnect when the grant is gone', async () => {
      api.on(
        'POST',
        '/2/oauth2/token',
        { json: { access_token: 'at2', refresh_token: 'rt2', expires_in: 7200 } },
        {
          status: 400,
          json: { error: 'invalid_grant', error_description: 'Value passed for the token was invalid.' },
        },
      );
      expect(await sut.oauth.refresh(tokens)).toMatchObject({
        accessToken: 'at2',
        refreshToken: 'rt2',
        scopes: ['tweet.write'],
      });
      expect(api.requests[0].form()).toEqual({ grant_type: 'refresh_token', refresh_token: 'user-refresh' });
      expect(await platformFailure(sut.oauth.refresh(tokens))).toMatchObject({
        kind: 'needs_reconnect',
        reason: 'Value passed for the token was invalid.',
        platformCode: 'invalid_grant',
      });
    });

    it('revokes the refresh token, then the access token', async () => {
      api.on('POST', '/2/oauth2/revoke', { json: { revoked: true } });
      await sut.oauth.revoke(tokens);
      expect(api.requests.map((r) => r.form())).toEqual([
        { token: 'user-refresh', token_type_hint: 'refresh_token' },
        { token: 'user-access', token_type_hint: 'access_token' },
      ]);
      expect(api.requests.every((r) => r.headers.authorization === basic)).toBe(true);
    });

    it('lists the authorizing user as the one account to connect', async () => {
      api.on('GET', '/2/users/me', {
        json: { data: { id: '2244994945', name: 'Herald', username: 'heraldhq' } },
      });
      expect(await sut.oauth.listAccounts(tokens)).toEqual([
        { externalId: '2244994945', handle: 'heraldhq', displayName: 'Herald', tokens },
      ]);
      expect(api.requests[0].headers.authorization).toBe('Bearer user-access');
    });
  });

  describe('publishing', () => {
    it('creates a text post and returns its id and link', async () => {
      api.on('POST', '/2/tweets', {
        status: 201,
        json: { data: { id: '1445880548472328192', text: 'Launch day! #herald' } },
      });
      const result = await sut.publish(credentials, { attemptId, post: renderedPost('x') });
      expect(result).toEqual({
        status: 'published',
        platformPostId: '1445880548472328192',
        url: 'https://x.com/i/web/status/1445880548472328192',
      });
      expect(api.requests).toHaveLength(1);
      expect(api.requests[0].headers).toMatchObject({
        authorization: 'Bearer user-access',
        'content-type': 'application/json',
      });
      expect(api.requests[0].json()).toEqual({ text: 'Launch day! #herald' });
    });

    it('refuses a post X would refuse before calling X', () => {
      expect(() => sut.validate(renderedPost('x', { text: 'a'.repeat(281) }))).toThrow(HeraldError);
      return expect(
        sut.publish(credentials, { attemptId, post: renderedPost('x', { text: 'a'.repeat(281) }) }),
      ).rejects.toMatchObject({
        code: 'POST.TEXT_TOO_LONG',
      });
    });

    it('uploads an image in segments (initialize, append ×3, finalize) and attaches it', async () => {
      const bytes = pngBytes(1200, 675, 2_500);
      cdn.on('GET', '/a.png', {
        headers: { 'content-type': 'image/png', 'content-length': '2500' },
        body: bytes,
      });
      api.on('POST', '/2/media/upload/initialize', {
        json: {
          data: { id: '1880028106020515840', media_key: '3_1880028106020515840', expires_after_secs: 86400 },
        },
      });
      api.on('POST', '/2/media/upload/:id/append', { json: { data: { expires_at: 1_900_000_000 } } });
      api.on('POST', '/2/media/upload/:id/finalize', {
        json: { data: { id: '1880028106020515840', size: 2500, expires_after_secs: 86400 } },
      });
      api.on('POST', '/2/tweets', { status: 201, json: { data: { id: '42', text: 'x' } } });

      const post = renderedPost('x', { media: [mediaItem({ url: `${cdn.url}/a.png`, sizeBytes: 2_500 })] });
      expect(await sut.publish(credentials, { attemptId, post })).toMatchObject({
        status: 'published',
        platformPostId: '42',
      });

      expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /2/media/upload/initialize',
        'POST /2/media/upload/1880028106020515840/append',
        'POST /2/media/upload/1880028106020515840/append',
        'POST /2/media/upload/1880028106020515840/append',
        'POST /2/media/upload/1880028106020515840/finalize',
        'POST /2/tweets',
      ]);
      expect(api.requests[0].json()).toEqual({
        media_type: 'image/png',
        total_bytes: 2500,
        media_category: 'tweet_image',
      });
      const segments = await Promise.all(api.requests.slice(1, 4).map((r) => r.multipart()));
      expect(segments.map((form) => form.get('segment_index'))).toEqual(['0', '1', '2']);
      const parts = await Promise.all(
        segments.map(async (form) => Buffer.from(await (form.get('media') as Blob).arrayBuffer())),
      );
      expect(parts.map((p) => p.length)).toEqual([1000, 1000, 500]);
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
      expect(api.requests.every((r) => r.headers.authorization === 'Bearer user-access')).toBe(true);
      expect(api.requests[5].json()).toEqual({
        text: 'Launch day! #herald',
        media: { media_ids: ['1880028106020515840'] },
      });
    });

    it('streams: the first segment is uploaded before the rest of the file has even been sent', async () => {
      const bytes = pngBytes(100, 100, 3_000);
      let firstSegmentArrived!: () => void;
      const arrived = new Promise<void>((resolve) => (firstSegmentArrived = resolve));
      cdn.on('GET', '/slow.png', {
        headers: { 'content-type': 'image/png', 'content-length': '3000' },
        // Sends 1,000 bytes, then waits until X has received segment 0: a client buffering the whole file would deadlock.
        body: streamOf(bytes, 1000, (index) => (index === 1 ? arrived : Promise.resolve())),
      });
      api.on('POST', '/2/media/upload/initialize', { json: { data: { id: '7' } } });
      api.on('POST', '/2/media/upload/:id/append', (request) => {
        void request.multipart().then((form) => form.get('segment_index') === '0' && firstSegmentArrived());
        return { json: {} };
      });
      api.on('POST', '/2/media/upload/:id/finalize', { json: { data: { id: '7' } } });
      api.on('POST', '/2/tweets', { status: 201, json: { data: { id: '43' } } });
      const post = renderedPost('x', {
        media: [mediaItem({ url: `${cdn.url}/slow.png`, sizeBytes: 3_000 })],
      });
      await expect(sut.publish(credentials, { attemptId, post })).resolves.toMatchObject({
        platformPostId: '43',
      });
    });

    it('answers processing for a video X is still transcoding, and creates the post once it has succeeded', async () => {
      cdn.on('GET', '/v.mp4', {
        headers: { 'content-type': 'video/mp4', 'content-length': '1500' },
        body: mp4Bytes(1500),
      });
      api.on('POST', '/2/media/upload/initialize', { json: { data: { id: '99' } } });
      api.on('POST', '/2/media/upload/:id/append', { json: {} });
      api.on('POST', '/2/media/upload/:id/finalize', {
        json: { data: { id: '99', processing_info: { state: 'pending', check_after_secs: 5 } } },
      });
      api.on(
        'GET',
        '/2/media/upload',
        {
          json: {
            data: {
              id: '99',
              processing_info: { state: 'in_progress', check_after_secs: 3, progress_percent: 40 },
            },
          },
        },
        { json: { data: { id: '99', processing_info: { state: 'succeeded', progress_percent: 100 } } } },
      );
      api.on('POST', '/2/tweets', { status: 201, json: { data: { id: '44' } } });
      const request = {
        attemptId,
        post: renderedPost('x', {
          media: [
            mediaItem({ url: `${cdn.url}/v.mp4`, type: 'video', mimeType: 'video/mp4', sizeBytes: 1500 }),
          ],
        }),
      };

      const started = await sut.publish(credentials, request);
      expect(started).toEqual({ status: 'processing', handle: 'x-media:99', checkAfterMs: 5000 });
      expect(api.requests[0].json()).toMatchObject({
        media_category: 'tweet_video',
        media_type: 'video/mp4',
      });
      expect(api.requestsTo('POST', '/2/tweets')).toHaveLength(0);

      expect(await sut.publishStatus(credentials, { handle: 'x-media:99', request })).toEqual({
        status: 'processing',
        handle: 'x-media:99',
        checkAfterMs: 3000,
      });
      expect(await sut.publishStatus(credentials, { handle: 'x-media:99', request })).toMatchObject({
        status: 'published',
        platformPostId: '44',
      });
      expect(api.requestsTo('GET', '/2/media/upload').map((r) => r.query)).toEqual([
        { command: 'STATUS', media_id: '99' },
        { command: 'STATUS', media_id: '99' },
      ]);
      expect(api.requestsTo('POST', '/2/tweets')[0].json()).toEqual({
        text: 'Launch day! #herald',
        media: { media_ids: ['99'] },
      });
    });

    it('rejects the post when X fails to process the media', async () => {
      api.on('GET', '/2/media/upload', {
        json: {
          data: {
            id: '99',
            processing_info: {
              state: 'failed',
              error: { code: 1, name: 'InvalidMedia', message: 'Unsupported video codec' },
            },
          },
        },
      });
      const request = { attemptId, post: renderedPost('x') };
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle: 'x-media:99', request })),
      ).toMatchObject({
        kind: 'rejected',
        reason: 'media #1: Unsupported video codec',
      });
    });
  });

  describe('errors', () => {
    const publish = () => sut.publish(credentials, { attemptId, post: renderedPost('x') });

    it('an expired token needs a refresh', async () => {
      api.on('POST', '/2/tweets', {
        status: 401,
        json: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'needs_refresh',
        platformStatus: 401,
        outcomeUnknown: false,
      });
    });

    it('a rate limit waits until x-rate-limit-reset, or the 24-hour reset when that cap is the one hit', async () => {
      api.on(
        'POST',
        '/2/tweets',
        {
          status: 429,
          headers: {
            'x-rate-limit-limit': '200',
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': epoch(600),
          },
          json: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        },
        {
          status: 429,
          headers: {
            'x-rate-limit-reset': epoch(60),
            'x-user-limit-24hour-remaining': '0',
            'x-user-limit-24hour-reset': epoch(7200),
          },
          json: { detail: 'Too Many Requests' },
        },
      );
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 600_000,
        reason: 'Too Many Requests',
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 7_200_000,
      });
    });

    it('a duplicate is rejected with X’s reason', async () => {
      api.on('POST', '/2/tweets', {
        status: 403,
        json: {
          detail: 'You are not allowed to create a Tweet with duplicate content.',
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
        },
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rejected',
        reason: 'You are not allowed to create a Tweet with duplicate content.',
      });
    });

    it('a 5xx, a timeout or a malformed answer to the create call leaves the outcome unknown', async () => {
      api.on(
        'POST',
        '/2/tweets',
        { status: 503, body: 'Service Unavailable' },
        { status: 201, body: '{"data":{"id"' },
        { delayMs: 5_000, json: {} },
      );
      for (let i = 0; i < 2; i++)
        expect(await platformFailure(publish())).toMatchObject({ kind: 'transient', outcomeUnknown: true });
      const impatient = connector(300).publish(credentials, { attemptId, post: renderedPost('x') });
      expect(await platformFailure(impatient)).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
        reason: 'POST /2/tweets did not answer within 300 ms',
      });
    });

    it('a failed read (metrics) is transient but never an unknown outcome', async () => {
      api.on('GET', '/2/tweets/:id', { status: 500, body: 'oops' });
      expect(await platformFailure(sut.postMetrics(credentials, '1'))).toMatchObject({
        kind: 'transient',
        outcomeUnknown: false,
      });
    });
  });

  describe('reading', () => {
    it('maps public metrics and says which metrics X does not report', async () => {
      api.on('GET', '/2/tweets/:id', {
        json: {
          data: {
            id: '42',
            text: 't',
            public_metrics: {
              retweet_count: 3,
              reply_count: 4,
              like_count: 50,
              quote_count: 2,
              bookmark_count: 6,
              impression_count: 1200,
            },
          },
        },
      });
      expect(await sut.postMetrics(credentials, '42')).toEqual({
        metrics: { impressions: 1200, reach: 0, likes: 50, comments: 4, shares: 5, saves: 6, clicks: 0 },
        unavailable: ['reach', 'clicks'],
      });
      expect(api.requests[0]).toMatchObject({
        path: '/2/tweets/42',
        query: { 'tweet.fields': 'public_metrics' },
      });
    });

    it('reads account metrics and the profile', async () => {
      api.on('GET', '/2/users/:id', {
        json: {
          data: {
            id: '2244994945',
            name: 'Herald',
            username: 'heraldhq',
            profile_image_url: 'https://pbs.example/a.jpg',
            public_metrics: { followers_count: 10, following_count: 2, tweet_count: 33, listed_count: 1 },
          },
        },
      });
      expect(await sut.accountMetrics(credentials)).toEqual({ followers: 10, following: 2, posts: 33 });
      expect(await sut.profile(credentials)).toEqual({
        externalId: '2244994945',
        handle: 'heraldhq',
        displayName: 'Herald',
        url: 'https://x.com/heraldhq',
        avatarUrl: 'https://pbs.example/a.jpg',
      });
    });

    it('lists recent posts since the attempt started, for reconciliation', async () => {
      api.on('GET', '/2/users/:id/tweets', {
        json: {
          data: [
            {
              id: '45',
              text: 'Launch day! #herald',
              created_at: '2026-11-24T10:00:03.000Z',
              edit_history_tweet_ids: ['45'],
            },
          ],
          meta: { result_count: 1 },
        },
      });
      const lookup = await sut.recentPosts(credentials, {
        since: new Date('2026-11-24T09:59:00.000Z'),
        limit: 3,
      });
      expect(lookup).toEqual({
        supported: true,
        posts: [
          {
            platformPostId: '45',
            url: 'https://x.com/i/web/status/45',
            text: 'Launch day! #herald',
            createdAt: '2026-11-24T10:00:03.000Z',
          },
        ],
      });
      expect(api.requests[0]).toMatchObject({
        path: '/2/users/2244994945/tweets',
        query: { start_time: '2026-11-24T09:59:00Z', max_results: '5', 'tweet.fields': 'created_at' },
      });
    });

    it('returns no posts when X answers without data', async () => {
      api.on('GET', '/2/users/:id/tweets', { json: { meta: { result_count: 0 } } });
      expect(await sut.recentPosts(credentials, { since: now, limit: 10 })).toEqual({
        supported: true,
        posts: [],
      });
    });
  });
});
