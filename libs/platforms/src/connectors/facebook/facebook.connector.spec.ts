import { FixedClock } from '@herald/shared-kernel';
import { createHmac } from 'node:crypto';
import type { AccountCredentials, TokenSet } from '../../connector.port';
import { FakePlatformServer, mediaItem, platformFailure, renderedPost } from '../../testing';
import { FacebookConnector } from './facebook.connector';

const now = new Date('2026-11-24T10:00:00.000Z');
const pageTokens: TokenSet = {
  accessToken: 'page-token',
  refreshToken: 'user-token',
  expiresAt: null,
  scopes: ['pages_manage_posts'],
};
const credentials: AccountCredentials = { externalId: '1755847768034402', tokens: pageTokens };
const proof = createHmac('sha256', 'app-secret').update('page-token').digest('hex');
const tokenFields = { access_token: 'page-token', appsecret_proof: proof };
const attemptId = '0193a5c0-0000-7000-8000-000000000003';
const page = '/v26.0/1755847768034402';

describe(FacebookConnector.name, () => {
  let graph: FakePlatformServer;
  let sut: FacebookConnector;
  const connector = (timeoutMs: number): FacebookConnector =>
    new FacebookConnector(
      {
        clientId: 'app-id',
        clientSecret: 'app-secret',
        graphBaseUrl: graph.url,
        videoBaseUrl: `${graph.url}/video-host`,
        dialogBaseUrl: 'https://www.facebook.com',
        graphVersion: 'v26.0',
      },
      { clock: new FixedClock(now), timeoutMs },
    );

  beforeAll(async () => {
    graph = await FakePlatformServer.start();
  });
  afterAll(() => graph.close());
  beforeEach(() => {
    graph.reset();
    sut = connector(10_000);
  });

  describe('Facebook Login', () => {
    it('builds the login dialog URL (no PKCE: a confidential client)', () => {
      const url = new URL(
        sut.oauth.authorizationUrl({
          state: 'st',
          redirectUri: 'https://app.example.com/cb',
          codeChallenge: null,
        }),
      );
      expect(url.origin + url.pathname).toBe('https://www.facebook.com/v26.0/dialog/oauth');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: 'app-id',
        redirect_uri: 'https://app.example.com/cb',
        state: 'st',
        response_type: 'code',
        scope: 'pages_show_list,pages_manage_posts,pages_read_engagement,read_insights',
      });
      expect(sut.oauth.supportsPkce).toBe(false);
    });

    it('exchanges the code, then trades the short-lived user token for a long-lived one', async () => {
      graph.on(
        'GET',
        '/v26.0/oauth/access_token',
        { json: { access_token: 'short', token_type: 'bearer', expires_in: 3600 } },
        {
          json: { access_token: 'long', token_type: 'bearer', expires_in: 5_184_000 },
        },
      );
      const tokens = await sut.oauth.exchangeCode({
        code: 'c0de',
        redirectUri: 'https://app.example.com/cb',
        codeVerifier: null,
      });
      expect(tokens).toEqual({
        accessToken: 'long',
        refreshToken: null,
        expiresAt: '2027-01-23T10:00:00.000Z',
        scopes: ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'read_insights'],
      });
      expect(graph.requests.map((r) => r.query)).toEqual([
        {
          client_id: 'app-id',
          client_secret: 'app-secret',
          redirect_uri: 'https://app.example.com/cb',
          code: 'c0de',
        },
        {
          client_id: 'app-id',
          client_secret: 'app-secret',
          grant_type: 'fb_exchange_token',
          fb_exchange_token: 'short',
        },
      ]);
    });

    it('lists the Pages the user can publish to, across result pages, each with its Page token', async () => {
      graph.on(
        'GET',
        '/v26.0/me/accounts',
        {
          json: {
            data: [
              {
                id: '1',
                name: 'Cafe',
                username: 'cafe',
                access_token: 'pt1',
                tasks: ['ANALYZE', 'CREATE_CONTENT', 'MANAGE'],
              },
              { id: '2', name: 'Readonly', access_token: 'pt2', tasks: ['ANALYZE'] },
            ],
            paging: { cursors: { before: 'b', after: 'cursor-1' }, next: 'https://graph.facebook.com/next' },
          },
        },
        {
          json: {
            data: [{ id: '3', name: 'Shop', access_token: 'pt3', tasks: ['CREATE_CONTENT'] }],
            paging: { cursors: { before: 'c', after: 'd' } },
          },
        },
      );
      const userTokens: TokenSet = {
        accessToken: 'long',
        refreshToken: null,
        expiresAt: null,
        scopes: ['pages_show_list'],
      };
      const accounts = await sut.oauth.listAccounts(userTokens);
      expect(accounts).toEqual([
        {
          externalId: '1',
          handle: 'cafe',
          displayName: 'Cafe',
          tokens: { accessToken: 'pt1', refreshToken: 'long', expiresAt: null, scopes: ['pages_show_list'] },
        },
        {
          externalId: '3',
          handle: '3',
          displayName: 'Shop',
          tokens: { accessToken: 'pt3', refreshToken: 'long', expiresAt: null, scopes: ['pages_show_list'] },
        },
      ]);
      expect(graph.requests.map((r) => r.query.after)).toEqual([undefined, 'cursor-1']);
      expect(graph.requests[0].query).toMatchObject({
        fields: 'id,name,username,access_token,tasks',
        limit: '100',
        access_token: 'long',
      });
    });

    it('cannot refresh a Page token (it does not expire) and revokes with the user token', async () => {
      expect(await platformFailure(sut.oauth.refresh())).toMatchObject({ kind: 'needs_reconnect' });
      graph.on('DELETE', '/v26.0/me/permissions', { json: { success: true } });
      await sut.oauth.revoke(pageTokens);
      expect(graph.requests[0]).toMatchObject({ method: 'DELETE', query: { access_token: 'user-token' } });
    });
  });

  describe('publishing', () => {
    it('posts text to the Page feed, with the token and appsecret_proof in the body, not the URL', async () => {
      graph.on('POST', `${page}/feed`, { json: { id: '1755847768034402_122100' } });
      const result = await sut.publish(credentials, {
        attemptId,
        post: renderedPost('facebook', { text: 'Open today' }),
      });
      expect(result).toEqual({
        status: 'published',
        platformPostId: '1755847768034402_122100',
        url: 'https://www.facebook.com/1755847768034402_122100',
      });
      const [request] = graph.requests;
      expect(request.query).toEqual({});
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.form()).toEqual({ message: 'Open today', ...tokenFields });
    });

    it('posts one photo with its caption and returns the feed post id', async () => {
      graph.on('POST', `${page}/photos`, { json: { id: '555', post_id: '1755847768034402_556' } });
      const post = renderedPost('facebook', {
        text: 'Menu',
        media: [mediaItem({ url: 'https://cdn.example.com/menu.png' })],
      });
      expect(await sut.publish(credentials, { attemptId, post })).toMatchObject({
        platformPostId: '1755847768034402_556',
      });
      expect(graph.requests[0].form()).toEqual({
        url: 'https://cdn.example.com/menu.png',
        caption: 'Menu',
        ...tokenFields,
      });
    });

    it('posts several photos as unpublished uploads attached to one feed post', async () => {
      graph.on('POST', `${page}/photos`, { json: { id: 'p1' } }, { json: { id: 'p2' } });
      graph.on('POST', `${page}/feed`, { json: { id: '1755847768034402_9' } });
      const post = renderedPost('facebook', {
        text: 'Gallery',
        media: [
          mediaItem({ url: 'https://cdn.example.com/1.png' }),
          mediaItem({ url: 'https://cdn.example.com/2.png' }),
        ],
      });
      expect(await sut.publish(credentials, { attemptId, post })).toMatchObject({
        platformPostId: '1755847768034402_9',
      });
      expect(graph.requests.map((r) => r.form())).toEqual([
        { url: 'https://cdn.example.com/1.png', published: 'false', ...tokenFields },
        { url: 'https://cdn.example.com/2.png', published: 'false', ...tokenFields },
        {
          message: 'Gallery',
          'attached_media[0]': '{"media_fbid":"p1"}',
          'attached_media[1]': '{"media_fbid":"p2"}',
          ...tokenFields,
        },
      ]);
    });

    it('hands a video to Facebook by URL and reports it published once processing is ready', async () => {
      graph.on('POST', `/video-host${page}/videos`, { json: { id: '777' } });
      graph.on(
        'GET',
        '/v26.0/777',
        { json: { id: '777', status: { video_status: 'processing', processing_progress: 40 } } },
        {
          json: {
            id: '777',
            status: { video_status: 'ready', processing_progress: 100 },
            permalink_url: '/cafe/videos/777/',
            post_id: '1755847768034402_778',
          },
        },
      );
      const request = {
        attemptId,
        post: renderedPost('facebook', {
          text: 'Tour',
          title: 'Kitchen tour',
          media: [mediaItem({ url: 'https://cdn.example.com/t.mp4', type: 'video', mimeType: 'video/mp4' })],
        }),
      };
      expect(await sut.publish(credentials, request)).toEqual({
        status: 'processing',
        handle: 'fb-video:777',
        checkAfterMs: 15_000,
      });
      expect(graph.requests[0].form()).toEqual({
        file_url: 'https://cdn.example.com/t.mp4',
        description: 'Tour',
        title: 'Kitchen tour',
        ...tokenFields,
      });
      expect(await sut.publishStatus(credentials, { handle: 'fb-video:777', request })).toMatchObject({
        status: 'processing',
      });
      expect(await sut.publishStatus(credentials, { handle: 'fb-video:777', request })).toEqual({
        status: 'published',
        platformPostId: '1755847768034402_778',
        url: 'https://www.facebook.com/cafe/videos/777/',
      });
      expect(graph.requests[1].query).toEqual({ fields: 'status,permalink_url,post_id', ...tokenFields });
    });

    it('rejects a video Facebook could not process', async () => {
      graph.on('GET', '/v26.0/777', {
        json: {
          id: '777',
          status: {
            video_status: 'error',
            processing_phase: { status: 'error', error: { message: 'Video format not supported' } },
          },
        },
      });
      const request = { attemptId, post: renderedPost('facebook') };
      expect(
        await platformFailure(sut.publishStatus(credentials, { handle: 'fb-video:777', request })),
      ).toMatchObject({
        kind: 'rejected',
        reason: 'the video could not be processed: Video format not supported',
      });
    });
  });

  describe('errors', () => {
    const publish = () => sut.publish(credentials, { attemptId, post: renderedPost('facebook') });
    const graphError = (code: number, extra: Record<string, unknown> = {}) => ({
      error: { message: `(#${code}) error`, type: 'OAuthException', code, fbtrace_id: 'A1', ...extra },
    });

    it('an expired or invalidated token (190) needs a new login: Page tokens cannot be refreshed', async () => {
      graph.on('POST', `${page}/feed`, {
        status: 400,
        json: graphError(190, {
          error_subcode: 463,
          message: 'Error validating access token: Session has expired',
        }),
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'needs_reconnect',
        platformCode: '190/463',
        reason: 'Error validating access token: Session has expired',
      });
    });

    it('a missing permission (200) needs a new consent', async () => {
      graph.on('POST', `${page}/feed`, { status: 403, json: graphError(200) });
      expect((await platformFailure(publish())).kind).toBe('needs_reconnect');
    });

    it('Page throttling (32) waits for estimated_time_to_regain_access; app throttling (4) without it waits 5 minutes', async () => {
      const usage = JSON.stringify({
        '1755847768034402': [
          {
            type: 'pages',
            call_count: 100,
            total_cputime: 10,
            total_time: 10,
            estimated_time_to_regain_access: 7,
          },
        ],
      });
      graph.on(
        'POST',
        `${page}/feed`,
        { status: 400, headers: { 'x-business-use-case-usage': usage }, json: graphError(32) },
        {
          status: 400,
          headers: { 'x-app-usage': '{"call_count":100,"total_time":12,"total_cputime":9}' },
          json: graphError(4),
        },
      );
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 7 * 60_000,
        platformCode: '32',
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 5 * 60_000,
        platformCode: '4',
      });
    });

    it('a duplicate post (506) is rejected with the message meant for the user', async () => {
      graph.on('POST', `${page}/feed`, {
        status: 400,
        json: graphError(506, {
          error_user_msg: 'This status update is identical to the last one you posted.',
        }),
      });
      expect(await platformFailure(publish())).toMatchObject({
        kind: 'rejected',
        reason: 'This status update is identical to the last one you posted.',
      });
    });

    it('a transient Graph error, a 5xx page, a timeout or a malformed body leave a publish unknown', async () => {
      graph.on(
        'POST',
        `${page}/feed`,
        { status: 500, json: graphError(2, { is_transient: true }) },
        { status: 502, body: '<html>bad gateway</html>' },
        { body: 'id=1' },
        { delayMs: 5_000, json: {} },
      );
      for (let i = 0; i < 3; i++)
        expect(await platformFailure(publish())).toMatchObject({ kind: 'transient', outcomeUnknown: true });
      const impatient = connector(300).publish(credentials, { attemptId, post: renderedPost('facebook') });
      expect(await platformFailure(impatient)).toMatchObject({ kind: 'transient', outcomeUnknown: true });
    });
  });

  describe('reading', () => {
    const engagement = {
      id: 'p_1',
      shares: { count: 4 },
      comments: { data: [], summary: { total_count: 7 } },
      reactions: { data: [], summary: { total_count: 31 } },
    };

    it('combines engagement counts with views, reach and clicks from insights', async () => {
      graph.on('GET', '/v26.0/p_1', { json: engagement });
      graph.on('GET', '/v26.0/p_1/insights', {
        json: {
          data: [
            { name: 'post_media_view', period: 'lifetime', values: [{ value: 900 }] },
            { name: 'post_total_media_view_unique', period: 'lifetime', values: [{ value: 640 }] },
            { name: 'post_clicks', period: 'lifetime', values: [{ value: 12 }] },
          ],
        },
      });
      expect(await sut.postMetrics(credentials, 'p_1')).toEqual({
        metrics: { impressions: 900, reach: 640, clicks: 12, likes: 31, comments: 7, shares: 4, saves: 0 },
        unavailable: ['saves'],
      });
      expect(graph.requests[1].query).toMatchObject({
        metric: 'post_media_view,post_total_media_view_unique,post_clicks',
      });
    });

    it('still reports engagement when Graph refuses the insight metrics', async () => {
      graph.on('GET', '/v26.0/p_1', { json: engagement });
      graph.on('GET', '/v26.0/p_1/insights', {
        status: 400,
        json: { error: { message: '(#100) The value must be a valid insights metric', code: 100 } },
      });
      expect(await sut.postMetrics(credentials, 'p_1')).toEqual({
        metrics: { impressions: 0, reach: 0, clicks: 0, likes: 31, comments: 7, shares: 4, saves: 0 },
        unavailable: ['saves', 'impressions', 'reach', 'clicks'],
      });
    });

    it('reads followers and lists the Page posts since an instant, for reconciliation', async () => {
      graph.on('GET', page, { json: { id: '1755847768034402', followers_count: 5120 } });
      graph.on('GET', `${page}/posts`, {
        json: {
          data: [
            {
              id: '1755847768034402_9',
              message: 'Open today',
              created_time: '2026-11-24T10:00:03+0000',
              permalink_url: 'https://www.facebook.com/cafe/posts/9',
            },
          ],
        },
      });
      expect(await sut.accountMetrics(credentials)).toEqual({
        followers: 5120,
        following: null,
        posts: null,
      });
      const lookup = await sut.recentPosts(credentials, {
        since: new Date('2026-11-24T09:59:00.000Z'),
        limit: 10,
      });
      expect(lookup).toEqual({
        supported: true,
        posts: [
          {
            platformPostId: '1755847768034402_9',
            url: 'https://www.facebook.com/cafe/posts/9',
            text: 'Open today',
            createdAt: '2026-11-24T10:00:03.000Z',
          },
        ],
      });
      expect(graph.requests[1].query).toEqual({
        fields: 'id,message,created_time,permalink_url',
        since: String(Date.parse('2026-11-24T09:59:00.000Z') / 1000),
        limit: '10',
        ...tokenFields,
      });
    });
  });
});
