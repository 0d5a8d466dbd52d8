import {
  PLATFORM_RULES,
  validateForPlatform,
  type MediaItem,
  type PostMetrics,
  type RenderedPost,
} from '@herald/posts';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
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
import { MediaSource } from '../../media/media-source';
import { PlatformError, isPlatformError } from '../../platform-error';
import { InstagramContainers } from './instagram-containers';
import { PUBLISHING_LIMIT_WAIT_MS, classifyInstagramError } from './instagram-errors';
import { InstagramOAuthFlow } from './instagram-oauth';
import type { InstagramConfig } from './instagram.config';

export interface InstagramConnectorOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly media?: MediaSource;
}

const CHILDREN_HANDLE = 'ig-children:';
const CONTAINER_HANDLE = 'ig-container:';
/** Instagram asks for container status checks at most once a minute (content publishing guide). */
const CHECK_AFTER_MS = 60_000;
/** Enough of the file to check its type and dimensions; the rest is Instagram's to fetch. */
const PREFLIGHT_BYTES = 64 * 1024;

/** Graph timestamps look like `2026-11-24T10:00:03+0000`. */
const isoTime = (graphTime: string): string =>
  new Date(graphTime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).toISOString();

type Stage = { readonly children: readonly string[] } | { readonly container: string };

/**
 * Instagram professional accounts through the Instagram API with Instagram Login
 * (graph.instagram.com, Graph API v26.0 by default). One image or video is one container (a video
 * becomes a reel); 2–10 items become carousel item containers and one CAROUSEL container. Containers
 * are polled until FINISHED and only then published, so a publish may answer `processing`.
 * Instagram fetches the media itself; Herald first opens each URL to check that it is reachable and
 * is what it claims (type, size), so a broken link fails before any container is made.
 * Sources: https://developers.facebook.com/docs/instagram-platform/content-publishing,
 * https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights,
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
 * (checked 2026-11-24).
 */
export class InstagramConnector implements PlatformConnector {
  readonly platform = 'instagram' as const;
  readonly capabilities: ConnectorCapabilities = {
    asyncPublish: true,
    postMetrics: true,
    accountMetrics: true,
    reconciliation: true,
  };
  readonly oauth: InstagramOAuthFlow;
  private readonly containers: InstagramContainers;
  private readonly media: MediaSource;

  constructor(config: InstagramConfig, options: InstagramConnectorOptions = {}) {
    const clock = options.clock ?? systemClock;
    const graph = connectorHttpClient('instagram', classifyInstagramError, { ...options, clock });
    this.oauth = new InstagramOAuthFlow(config, graph, { clock });
    this.containers = new InstagramContainers(graph, config);
    this.media = options.media ?? new MediaSource({ platform: 'instagram', fetch: options.fetch });
  }

  async profile(credentials: AccountCredentials): Promise<Profile> {
    return this.containers.get(
      credentials,
      encodeURIComponent(credentials.externalId),
      { fields: 'user_id,username,name,profile_picture_url' },
      (body) => {
        const handle = body.string('username');
        return {
          externalId: body.optionalString('user_id') ?? body.string('id'),
          handle,
          displayName: body.optionalString('name'),
          url: `https://www.instagram.com/${handle}/`,
          avatarUrl: body.optionalString('profile_picture_url'),
        };
      },
    );
  }

  validate(post: RenderedPost): void {
    validateForPlatform(post, PLATFORM_RULES.instagram);
  }

  async publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    const { post } = request;
    this.validate(post);
    const limit = await this.containers.publishingLimit(credentials);
    if (limit.total !== null && limit.used >= limit.total) {
      throw new PlatformError({
        kind: 'rate_limited',
        platform: 'instagram',
        reason: `the account published ${limit.used} of its ${limit.total} posts allowed in 24 hours`,
        retryAfterMs: PUBLISHING_LIMIT_WAIT_MS,
      });
    }
    for (const [index, item] of post.media.entries()) await this.preflight(item, index);
    if (post.media.length === 1) {
      return this.advance(
        credentials,
        { container: await this.containers.createItem(credentials, post.media[0], post.text) },
        post,
      );
    }
    const children: string[] = [];
    for (const item of post.media) children.push(await this.containers.createItem(credentials, item, null));
    return this.advance(credentials, { children }, post);
  }

  private async preflight(item: MediaItem, index: number): Promise<void> {
    const rules = PLATFORM_RULES.instagram.media;
    const opened = await this.media.open(item, index, {
      maxBytes: rules.maxSizeBytes[item.type] ?? 0,
      mimeTypes: rules.mimeTypes[item.type] ?? [],
    });
    const chunks = opened.chunks(PREFLIGHT_BYTES);
    try {
      await chunks.next();
    } finally {
      await chunks.return(undefined);
      await opened.cancel();
    }
  }

  async publishStatus(credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult> {
    return this.advance(credentials, this.parseHandle(query.handle), query.request.post);
  }

  private parseHandle(handle: string): Stage {
    if (handle.startsWith(CHILDREN_HANDLE))
      return {
        children: handle
          .slice(CHILDREN_HANDLE.length)
          .split(',')
          .filter((id) => id !== ''),
      };
    if (handle.startsWith(CONTAINER_HANDLE)) return { container: handle.slice(CONTAINER_HANDLE.length) };
    throw new HeraldError('VALIDATION.FAILED', `Not an Instagram publish handle: ${handle}`, {
      field: 'handle',
    });
  }

  /** Moves a publish as far as Instagram's processing allows: children → carousel → published. */
  private async advance(
    credentials: AccountCredentials,
    stage: Stage,
    post: RenderedPost,
  ): Promise<PublishResult> {
    let container: string;
    if ('children' in stage) {
      for (const [index, child] of stage.children.entries()) {
        const status = await this.containers.status(credentials, child);
        this.failUnlessUsable(status, `carousel item #${index + 1}`);
        if (status.state === 'IN_PROGRESS')
          return {
            status: 'processing',
            handle: `${CHILDREN_HANDLE}${stage.children.join(',')}`,
            checkAfterMs: CHECK_AFTER_MS,
          };
      }
      container = await this.containers.createCarousel(credentials, stage.children, post.text);
    } else {
      container = stage.container;
    }
    const status = await this.containers.status(credentials, container);
    this.failUnlessUsable(status, 'the post');
    if (status.state === 'IN_PROGRESS')
      return {
        status: 'processing',
        handle: `${CONTAINER_HANDLE}${container}`,
        checkAfterMs: CHECK_AFTER_MS,
      };
    if (status.state === 'PUBLISHED') {
      // An earlier media_publish took effect but its answer (the media id) was lost: only the account's recent media can tell which post it made.
      throw new PlatformError({
        kind: 'transient',
        platform: 'instagram',
        reason: 'the container was already published; reconcile with recent posts',
        outcomeUnknown: true,
      });
    }
    const mediaId = await this.containers.publish(credentials, container);
    return { status: 'published', platformPostId: mediaId, url: await this.permalink(credentials, mediaId) };
  }

  private failUnlessUsable(status: Awaited<ReturnType<InstagramContainers['status']>>, what: string): void {
    if (status.state === 'ERROR')
      throw new PlatformError({
        kind: 'rejected',
        platform: 'instagram',
        reason: `${what}: ${status.detail}`,
      });
    // Containers expire unpublished after 24 hours; a new publish attempt makes fresh ones.
    if (status.state === 'EXPIRED')
      throw new PlatformError({
        kind: 'transient',
        platform: 'instagram',
        reason: `${what}: the container expired before it was published`,
      });
  }

  /** The post exists whatever happens here: a failed permalink read must not turn a success into a retry. */
  private async permalink(credentials: AccountCredentials, mediaId: string): Promise<string | null> {
    try {
      return await this.containers.get(
        credentials,
        encodeURIComponent(mediaId),
        { fields: 'permalink' },
        (body) => body.optionalString('permalink'),
      );
    } catch (error) {
      if (isPlatformError(error)) return null;
      throw error;
    }
  }

  /**
   * Views replaced impressions in April 2025 (v22.0+); insights need 100+ followers and can be
   * refused for media with too few viewers (code 10), so a refusal degrades to the public counts.
   */
  async postMetrics(credentials: AccountCredentials, platformPostId: string): Promise<PostMetricsReading> {
    const id = encodeURIComponent(platformPostId);
    try {
      const values = await this.containers.get(
        credentials,
        `${id}/insights`,
        { metric: 'views,reach,likes,comments,shares,saved' },
        (body) => {
          const found: Record<string, number> = {};
          for (const metric of body.array('data')) {
            const total = metric.at('total_value').optionalNumber('value');
            const latest = metric.optionalArray('values').at(-1)?.optionalNumber('value') ?? null;
            const value = total ?? latest;
            if (value !== null) found[metric.string('name')] = value;
          }
          return found;
        },
      );
      const metrics: PostMetrics = {
        impressions: values.views ?? 0,
        reach: values.reach ?? 0,
        likes: values.likes ?? 0,
        comments: values.comments ?? 0,
        shares: values.shares ?? 0,
        saves: values.saved ?? 0,
        clicks: 0,
      };
      const names: Record<keyof PostMetrics, string> = {
        impressions: 'views',
        reach: 'reach',
        likes: 'likes',
        comments: 'comments',
        shares: 'shares',
        saves: 'saved',
        clicks: 'clicks',
      };
      return {
        metrics,
        unavailable: (Object.keys(names) as (keyof PostMetrics)[]).filter(
          (key) => values[names[key]] === undefined,
        ),
      };
    } catch (error) {
      // Code 10 is a permission error elsewhere in Graph; on insights it means "not enough viewers yet".
      const noInsights = isPlatformError(error) && (error.kind === 'rejected' || error.platformCode === '10');
      if (!noInsights) throw error;
    }
    return this.containers.get(credentials, id, { fields: 'like_count,comments_count' }, (body) => ({
      metrics: {
        impressions: 0,
        reach: 0,
        likes: body.optionalNumber('like_count') ?? 0,
        comments: body.optionalNumber('comments_count') ?? 0,
        shares: 0,
        saves: 0,
        clicks: 0,
      },
      unavailable: ['impressions', 'reach', 'shares', 'saves', 'clicks'],
    }));
  }

  async accountMetrics(credentials: AccountCredentials): Promise<AccountMetrics> {
    return this.containers.get(
      credentials,
      encodeURIComponent(credentials.externalId),
      { fields: 'followers_count,follows_count,media_count' },
      (body) => ({
        followers: body.optionalNumber('followers_count'),
        following: body.optionalNumber('follows_count'),
        posts: body.optionalNumber('media_count'),
      }),
    );
  }

  async recentPosts(credentials: AccountCredentials, query: RecentPostsQuery): Promise<RecentPostsLookup> {
    return this.containers.get(
      credentials,
      `${encodeURIComponent(credentials.externalId)}/media`,
      {
        fields: 'id,caption,timestamp,permalink',
        since: Math.floor(query.since.getTime() / 1000),
        limit: Math.min(100, Math.max(1, query.limit)),
      },
      (body) => ({
        supported: true as const,
        posts: body.array('data').map((media) => ({
          platformPostId: media.string('id'),
          url: media.optionalString('permalink'),
          text: media.optionalString('caption') ?? '',
          createdAt: isoTime(media.string('timestamp')),
        })),
      }),
    );
  }
}
