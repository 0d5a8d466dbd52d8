import {
  PLATFORM_RULES,
  validateForPlatform,
  type MediaItem,
  type PostMetrics,
  type RenderedPost,
} from '@herald/posts';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import { createHmac } from 'node:crypto';
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
import type { JsonReader } from '../../http/json-reader';
import { PlatformHttpClient, type QueryValue } from '../../http/platform-http-client';
import { PlatformError, isPlatformError } from '../../platform-error';
import type { FacebookConfig } from '../../registry/platforms-config';
import { classifyGraphError } from './facebook-errors';
import { FacebookOAuthFlow } from './facebook-oauth';

export interface FacebookConnectorOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

const VIDEO_HANDLE = 'fb-video:';
const VIDEO_CHECK_AFTER_MS = 15_000;

/** Graph timestamps look like `2026-11-24T10:00:03+0000`; Herald stores ISO-8601 UTC. */
const isoTime = (graphTime: string): string =>
  new Date(graphTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();

const permalink = (link: string | null): string | null =>
  link === null ? null : link.startsWith('/') ? `https://www.facebook.com${link}` : link;

/**
 * Facebook Pages through the Graph API (v26.0 by default, FACEBOOK_GRAPH_VERSION to pin another).
 * Text posts go to `POST /{page-id}/feed`, one photo to `POST /{page-id}/photos`, several photos are
 * uploaded unpublished and attached to one feed post, a video goes to `POST /{page-id}/videos` with
 * `file_url` and is published once Facebook has processed it. Facebook fetches media URLs itself,
 * so no bytes pass through Herald for this platform.
 * Sources: https://developers.facebook.com/docs/pages-api/posts,
 * https://developers.facebook.com/docs/graph-api/reference/page/photos/,
 * https://developers.facebook.com/docs/video-api/guides/publishing,
 * https://developers.facebook.com/docs/graph-api/reference/page-post/insights/ (checked 2026-11-24).
 */
export class FacebookConnector implements PlatformConnector {
  readonly platform = 'facebook' as const;
  readonly capabilities: ConnectorCapabilities = {
    asyncPublish: true,
    postMetrics: true,
    accountMetrics: true,
    reconciliation: true,
  };
  readonly oauth: FacebookOAuthFlow;
  private readonly graph: PlatformHttpClient;

  constructor(
    private readonly config: FacebookConfig,
    options: FacebookConnectorOptions = {},
  ) {
    const clock = options.clock ?? systemClock;
    this.graph = connectorHttpClient('facebook', classifyGraphError, { ...options, clock });
    this.oauth = new FacebookOAuthFlow(config, this.graph, { clock });
  }

  private url(path: string, base = this.config.graphBaseUrl): string {
    return `${base}/${this.config.graphVersion}/${path}`;
  }

  /** `appsecret_proof` lets the app require that every token-bearing call comes from its servers. */
  private tokenParams(credentials: AccountCredentials): Record<string, string> {
    const token = credentials.tokens.accessToken;
    return {
      access_token: token,
      appsecret_proof: createHmac('sha256', this.config.clientSecret).update(token).digest('hex'),
    };
  }

  private get<T>(
    credentials: AccountCredentials,
    path: string,
    query: Record<string, QueryValue>,
    parse: (body: JsonReader) => T,
  ): Promise<T> {
    return this.graph.json(
      { method: 'GET', url: this.url(path), query: { ...query, ...this.tokenParams(credentials) } },
      parse,
    );
  }

  /** Tokens go in the form body of writes, never in a URL that proxies might log. */
  private post<T>(
    credentials: AccountCredentials,
    url: string,
    fields: Record<string, string>,
    parse: (body: JsonReader) => T,
  ): Promise<T> {
    return this.graph.json(
      {
        method: 'POST',
        url,
        body: { kind: 'form', fields: { ...fields, ...this.tokenParams(credentials) } },
      },
      parse,
    );
  }

  async profile(credentials: AccountCredentials): Promise<Profile> {
    return this.get(
      credentials,
      encodeURIComponent(credentials.externalId),
      { fields: 'id,name,username,link,picture{url}' },
      (body) => ({
        externalId: body.string('id'),
        handle: body.optionalString('username') ?? body.string('id'),
        displayName: body.optionalString('name'),
        url: body.optionalString('link'),
        avatarUrl: body.at('picture').at('data').optionalString('url'),
      }),
    );
  }

  validate(post: RenderedPost): void {
    validateForPlatform(post, PLATFORM_RULES.facebook);
  }

  async publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    const { post } = request;
    this.validate(post);
    const pageId = encodeURIComponent(credentials.externalId);
    const video = post.media.find((m) => m.type === 'video');
    if (video) return this.publishVideo(credentials, pageId, post, video);
    if (post.media.length === 1) {
      return this.post(
        credentials,
        this.url(`${pageId}/photos`),
        { url: post.media[0].url, caption: post.text },
        (body) => this.published(body.optionalString('post_id') ?? body.string('id')),
      );
    }
    const attached: Record<string, string> = {};
    for (const [index, item] of post.media.entries()) {
      // Unpublished photos are invisible until attached; if the feed post then fails they stay unused.
      const photoId = await this.uploadUnpublishedPhoto(credentials, pageId, item);
      attached[`attached_media[${index}]`] = JSON.stringify({ media_fbid: photoId });
    }
    return this.post(credentials, this.url(`${pageId}/feed`), { message: post.text, ...attached }, (body) =>
      this.published(body.string('id')),
    );
  }

  private published(postId: string): PublishResult {
    return { status: 'published', platformPostId: postId, url: `https://www.facebook.com/${postId}` };
  }

  private async uploadUnpublishedPhoto(
    credentials: AccountCredentials,
    pageId: string,
    item: MediaItem,
  ): Promise<string> {
    return this.graph.json(
      {
        method: 'POST',
        url: this.url(`${pageId}/photos`),
        body: {
          kind: 'form',
          fields: { url: item.url, published: 'false', ...this.tokenParams(credentials) },
        },
        // An unpublished photo is not a post: a lost answer cannot cause a visible duplicate.
        write: false,
      },
      (body) => body.string('id'),
    );
  }

  private async publishVideo(
    credentials: AccountCredentials,
    pageId: string,
    post: RenderedPost,
    video: MediaItem,
  ): Promise<PublishResult> {
    const fields: Record<string, string> = { file_url: video.url, description: post.text };
    if (post.title !== null) fields.title = post.title;
    const videoId = await this.post(
      credentials,
      this.url(`${pageId}/videos`, this.config.videoBaseUrl),
      fields,
      (body) => body.string('id'),
    );
    return { status: 'processing', handle: `${VIDEO_HANDLE}${videoId}`, checkAfterMs: VIDEO_CHECK_AFTER_MS };
  }

  async publishStatus(credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult> {
    if (!query.handle.startsWith(VIDEO_HANDLE)) {
      throw new HeraldError('VALIDATION.FAILED', `Not a Facebook publish handle: ${query.handle}`, {
        field: 'handle',
      });
    }
    const videoId = query.handle.slice(VIDEO_HANDLE.length);
    return this.get(
      credentials,
      encodeURIComponent(videoId),
      { fields: 'status,permalink_url,post_id' },
      (body): PublishResult => {
        const status = body.at('status');
        const state = status.string('video_status');
        if (state === 'ready') {
          const postId = body.optionalString('post_id') ?? `${credentials.externalId}_${videoId}`;
          return {
            status: 'published',
            platformPostId: postId,
            url: permalink(body.optionalString('permalink_url')),
          };
        }
        if (state === 'error' || state === 'expired') {
          const error = status.at('processing_phase').at('error');
          throw new PlatformError({
            kind: 'rejected',
            platform: 'facebook',
            reason: `the video could not be processed: ${error.optionalString('message') ?? state}`,
          });
        }
        return { status: 'processing', handle: query.handle, checkAfterMs: VIDEO_CHECK_AFTER_MS };
      },
    );
  }

  async postMetrics(credentials: AccountCredentials, platformPostId: string): Promise<PostMetricsReading> {
    const id = encodeURIComponent(platformPostId);
    const engagement = await this.get(
      credentials,
      id,
      { fields: 'shares,comments.summary(true).limit(0),reactions.summary(true).limit(0)' },
      (body) => ({
        likes: body.at('reactions').at('summary').optionalNumber('total_count') ?? 0,
        comments: body.at('comments').at('summary').optionalNumber('total_count') ?? 0,
        shares: body.at('shares').optionalNumber('count') ?? 0,
      }),
    );
    const insights = await this.insights(credentials, id);
    const unavailable: (keyof PostMetrics)[] = ['saves'];
    if (insights === null) unavailable.push('impressions', 'reach', 'clicks');
    return {
      metrics: {
        impressions: insights?.post_media_view ?? 0,
        reach: insights?.post_total_media_view_unique ?? 0,
        clicks: insights?.post_clicks ?? 0,
        saves: 0,
        ...engagement,
      },
      unavailable,
    };
  }

  /**
   * Meta replaced post impressions by views (`post_media_view`, `post_total_media_view_unique`) in
   * November 2025. Insights exist only for Pages with 100+ likes and Meta keeps retiring metrics,
   * so a refused metric (code 100) degrades to "unavailable" instead of failing the whole reading.
   * Source: https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics (checked 2026-11-24).
   */
  private async insights(
    credentials: AccountCredentials,
    id: string,
  ): Promise<Record<string, number> | null> {
    try {
      return await this.get(
        credentials,
        `${id}/insights`,
        { metric: 'post_media_view,post_total_media_view_unique,post_clicks' },
        (body) => {
          const values: Record<string, number> = {};
          for (const metric of body.array('data')) {
            const latest = metric.array('values').at(-1);
            if (latest !== undefined && typeof latest.at('value').value === 'number')
              values[metric.string('name')] = latest.number('value');
          }
          return values;
        },
      );
    } catch (error) {
      if (isPlatformError(error, 'rejected')) return null;
      throw error;
    }
  }

  async accountMetrics(credentials: AccountCredentials): Promise<AccountMetrics> {
    return this.get(
      credentials,
      encodeURIComponent(credentials.externalId),
      { fields: 'followers_count' },
      (body) => ({
        followers: body.optionalNumber('followers_count'),
        following: null,
        posts: null,
      }),
    );
  }

  async recentPosts(credentials: AccountCredentials, query: RecentPostsQuery): Promise<RecentPostsLookup> {
    return this.get(
      credentials,
      `${encodeURIComponent(credentials.externalId)}/posts`,
      {
        fields: 'id,message,created_time,permalink_url',
        since: Math.floor(query.since.getTime() / 1000),
        limit: Math.min(100, Math.max(1, query.limit)),
      },
      (body) => ({
        supported: true as const,
        posts: body.array('data').map((p) => ({
          platformPostId: p.string('id'),
          url: permalink(p.optionalString('permalink_url')),
          text: p.optionalString('message') ?? '',
          createdAt: isoTime(p.string('created_time')),
        })),
      }),
    );
  }
}
