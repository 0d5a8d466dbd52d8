import { PLATFORM_RULES, validateForPlatform, type RenderedPost } from '@herald/posts';
import { HeraldError, type Clock } from '@herald/shared-kernel';
import type {
  AccountCredentials,
  AccountMetrics,
  ConnectorCapabilities,
  PlatformConnector,
  PostMetricsReading,
  Profile,
  PublishRequest,
  PublishResult,
  PublishStatusQuery,
  RecentPostsLookup,
  RecentPostsQuery,
} from '../../connector.port';
import { connectorHttpClient } from '../../http/connector-http-client';
import { PlatformHttpClient } from '../../http/platform-http-client';
import { MediaSource } from '../../media/media-source';
import type { XConfig } from '../../registry/platforms-config';
import { classifyXError } from './x-errors';
import { XMediaUploader, X_DEFAULT_CHUNK_BYTES, type MediaProcessing } from './x-media-upload';
import { XOAuthFlow } from './x-oauth';

export interface XConnectorOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly chunkBytes?: number;
  readonly media?: MediaSource;
}

const HANDLE_PREFIX = 'x-media:';

/** How long to wait before asking again; 0 once X is done (a failure was thrown before this). */
const waitFor = (processing: MediaProcessing): number =>
  processing.state === 'pending' || processing.state === 'in_progress' ? processing.checkAfterMs : 0;

/**
 * X API v2. Posts with `POST /2/tweets`, reads metrics from `GET /2/tweets/:id?tweet.fields=public_metrics`,
 * account metrics from `GET /2/users/:id?user.fields=public_metrics`, and reconciles with
 * `GET /2/users/:id/tweets`. A post with video returns `processing` until X has transcoded the media;
 * the post itself is created only then, by `publishStatus`.
 * Source: https://docs.x.com/x-api/posts/create-post, https://docs.x.com/x-api/posts/get-post-by-id,
 * https://docs.x.com/x-api/users/get-posts (checked 2026-11-24).
 */
export class XConnector implements PlatformConnector {
  readonly platform = 'x' as const;
  readonly capabilities: ConnectorCapabilities = {
    asyncPublish: true,
    postMetrics: true,
    accountMetrics: true,
    reconciliation: true,
  };
  readonly oauth: XOAuthFlow;
  private readonly http: PlatformHttpClient;
  private readonly uploader: XMediaUploader;

  constructor(
    private readonly config: XConfig,
    options: XConnectorOptions = {},
  ) {
    this.http = connectorHttpClient('x', classifyXError, options);
    this.oauth = new XOAuthFlow(config, this.http, options);
    this.uploader = new XMediaUploader(
      this.http,
      options.media ?? new MediaSource({ platform: 'x', fetch: options.fetch }),
      config.apiBaseUrl,
      options.chunkBytes ?? X_DEFAULT_CHUNK_BYTES,
    );
  }

  private auth(credentials: AccountCredentials): Record<string, string> {
    return { authorization: `Bearer ${credentials.tokens.accessToken}` };
  }

  async profile(credentials: AccountCredentials): Promise<Profile> {
    return this.http.json(
      {
        method: 'GET',
        url: `${this.config.apiBaseUrl}/2/users/${encodeURIComponent(credentials.externalId)}`,
        query: { 'user.fields': 'profile_image_url' },
        headers: this.auth(credentials),
      },
      (body) => {
        const data = body.at('data');
        const handle = data.string('username');
        return {
          externalId: data.string('id'),
          handle,
          displayName: data.optionalString('name'),
          url: `https://x.com/${handle}`,
          avatarUrl: data.optionalString('profile_image_url'),
        };
      },
    );
  }

  validate(post: RenderedPost): void {
    validateForPlatform(post, PLATFORM_RULES.x);
  }

  async publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    this.validate(request.post);
    const mediaIds: string[] = [];
    let checkAfterMs = 0;
    for (const [index, item] of request.post.media.entries()) {
      const uploaded = await this.uploader.upload(credentials.tokens.accessToken, item, index);
      mediaIds.push(uploaded.mediaId);
      checkAfterMs = Math.max(checkAfterMs, waitFor(uploaded.processing));
    }
    if (checkAfterMs > 0) {
      return { status: 'processing', handle: `${HANDLE_PREFIX}${mediaIds.join(',')}`, checkAfterMs };
    }
    return this.createPost(credentials, request.post.text, mediaIds);
  }

  async publishStatus(credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult> {
    if (!query.handle.startsWith(HANDLE_PREFIX)) {
      throw new HeraldError('VALIDATION.FAILED', `Not an X publish handle: ${query.handle}`, {
        field: 'handle',
      });
    }
    const mediaIds = query.handle
      .slice(HANDLE_PREFIX.length)
      .split(',')
      .filter((id) => id !== '');
    let checkAfterMs = 0;
    for (const [index, mediaId] of mediaIds.entries()) {
      const processing = this.uploader.failIfFailed(
        await this.uploader.status(credentials.tokens.accessToken, mediaId),
        index,
      );
      checkAfterMs = Math.max(checkAfterMs, waitFor(processing));
    }
    if (checkAfterMs > 0) return { status: 'processing', handle: query.handle, checkAfterMs };
    return this.createPost(credentials, query.request.post.text, mediaIds);
  }

  private async createPost(
    credentials: AccountCredentials,
    text: string,
    mediaIds: readonly string[],
  ): Promise<PublishResult> {
    const body: Record<string, unknown> = {};
    if (text !== '') body.text = text;
    if (mediaIds.length > 0) body.media = { media_ids: mediaIds };
    return this.http.json(
      {
        method: 'POST',
        url: `${this.config.apiBaseUrl}/2/tweets`,
        headers: this.auth(credentials),
        body: { kind: 'json', value: body },
      },
      (answer) => {
        const id = answer.at('data').string('id');
        return { status: 'published' as const, platformPostId: id, url: `https://x.com/i/web/status/${id}` };
      },
    );
  }

  async postMetrics(credentials: AccountCredentials, platformPostId: string): Promise<PostMetricsReading> {
    return this.http.json(
      {
        method: 'GET',
        url: `${this.config.apiBaseUrl}/2/tweets/${encodeURIComponent(platformPostId)}`,
        query: { 'tweet.fields': 'public_metrics' },
        headers: this.auth(credentials),
      },
      (body) => {
        const metrics = body.at('data').at('public_metrics');
        return {
          metrics: {
            impressions: metrics.optionalNumber('impression_count') ?? 0,
            reach: 0,
            likes: metrics.number('like_count'),
            comments: metrics.number('reply_count'),
            shares: metrics.number('retweet_count') + (metrics.optionalNumber('quote_count') ?? 0),
            saves: metrics.optionalNumber('bookmark_count') ?? 0,
            clicks: 0,
          },
          // Reach and link clicks are not public metrics; X reports them only to the Ads API.
          unavailable: ['reach', 'clicks'],
        };
      },
    );
  }

  async accountMetrics(credentials: AccountCredentials): Promise<AccountMetrics> {
    return this.http.json(
      {
        method: 'GET',
        url: `${this.config.apiBaseUrl}/2/users/${encodeURIComponent(credentials.externalId)}`,
        query: { 'user.fields': 'public_metrics' },
        headers: this.auth(credentials),
      },
      (body) => {
        const metrics = body.at('data').at('public_metrics');
        return {
          followers: metrics.number('followers_count'),
          following: metrics.number('following_count'),
          posts: metrics.number('tweet_count'),
        };
      },
    );
  }

  async recentPosts(credentials: AccountCredentials, query: RecentPostsQuery): Promise<RecentPostsLookup> {
    // The endpoint takes 5 to 100 results per page; one page covers any attempt's window.
    const maxResults = Math.min(100, Math.max(5, query.limit));
    return this.http.json(
      {
        method: 'GET',
        url: `${this.config.apiBaseUrl}/2/users/${encodeURIComponent(credentials.externalId)}/tweets`,
        query: {
          start_time: query.since.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          max_results: maxResults,
          'tweet.fields': 'created_at',
        },
        headers: this.auth(credentials),
      },
      (body) => ({
        supported: true as const,
        posts: body
          .optionalArray('data')
          .slice(0, query.limit)
          .map((tweet) => {
            const id = tweet.string('id');
            return {
              platformPostId: id,
              url: `https://x.com/i/web/status/${id}`,
              text: tweet.string('text'),
              createdAt: tweet.string('created_at'),
            };
          }),
      }),
    );
  }
}
