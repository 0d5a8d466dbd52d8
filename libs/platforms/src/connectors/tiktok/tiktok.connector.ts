import { PLATFORM_RULES, validateForPlatform, type MediaItem, type RenderedPost } from '@herald/posts';
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
import { DEFAULT_TIMEOUT_MS } from '../../http/platform-http-client';
import { MediaSource } from '../../media/media-source';
import { PlatformError, type PlatformErrorKind } from '../../platform-error';
import { TikTokApi } from './tiktok-api';
import { classifyTikTokError } from './tiktok-errors';
import { TikTokOAuthFlow } from './tiktok-oauth';
import { DEFAULT_CHUNK_BYTES, planChunks, uploadChunks } from './tiktok-upload';
import type { TikTokConfig } from './tiktok.config';

export interface TikTokConnectorOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly uploadTimeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly chunkBytes?: number;
  readonly media?: MediaSource;
}

interface CreatorInfo {
  readonly username: string;
  readonly privacyOptions: readonly string[];
  readonly commentDisabled: boolean;
  readonly duetDisabled: boolean;
  readonly stitchDisabled: boolean;
  readonly maxDurationSec: number | null;
}

const HANDLE = 'tt-publish:';
/** TikTok processes 512 MB in about half a minute; moderation of public posts usually within a minute. */
const CHECK_AFTER_MS = 15_000;
const MIN_UPLOAD_TIMEOUT_MS = 5 * 60_000;
/** The most pages of the creator's videos read when looking for an unknown outcome. */
const MAX_LIST_PAGES = 5;

/** `fail_reason` of a FAILED publish: the post was not made, so none of these is an unknown outcome. */
const FAIL_KIND: Readonly<Record<string, PlatformErrorKind>> = {
  auth_removed: 'needs_reconnect',
  spam_risk_too_many_posts: 'rate_limited',
  internal: 'transient',
  video_pull_failed: 'transient',
  photo_pull_failed: 'transient',
};

/**
 * TikTok Content Posting API, Direct Post (v2). Every publish first reads `creator_info` (privacy
 * options, the longest video allowed, disabled interactions), as TikTok requires; then a video is
 * initialized with FILE_UPLOAD (Herald streams it in chunks) or PULL_FROM_URL (from a verified
 * domain), photos with PULL_FROM_URL; then `status/fetch` is polled until PUBLISH_COMPLETE or FAILED.
 * Sources: https://developers.tiktok.com/doc/content-posting-api-reference-direct-post,
 * https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info,
 * https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status,
 * https://developers.tiktok.com/doc/content-posting-api-reference-photo-post,
 * https://developers.tiktok.com/doc/tiktok-api-v2-video-query, https://developers.tiktok.com/doc/tiktok-api-v2-video-list (checked 2026-11-24).
 */
export class TikTokConnector implements PlatformConnector {
  readonly platform = 'tiktok' as const;
  readonly capabilities: ConnectorCapabilities = {
    asyncPublish: true,
    postMetrics: true,
    accountMetrics: true,
    reconciliation: true,
  };
  readonly oauth: TikTokOAuthFlow;
  private readonly api: TikTokApi;
  private readonly media: MediaSource;
  private readonly chunkBytes: number;
  private readonly uploadTimeoutMs: number;

  constructor(
    private readonly config: TikTokConfig,
    options: TikTokConnectorOptions = {},
  ) {
    const clock = options.clock ?? systemClock;
    const http = connectorHttpClient('tiktok', classifyTikTokError, { ...options, clock });
    this.api = new TikTokApi(http, config.apiBaseUrl, clock);
    this.oauth = new TikTokOAuthFlow(config, this.api, options);
    this.media = options.media ?? new MediaSource({ platform: 'tiktok', fetch: options.fetch });
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.uploadTimeoutMs =
      options.uploadTimeoutMs ?? Math.max(MIN_UPLOAD_TIMEOUT_MS, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  private user(credentials: AccountCredentials, fields: string) {
    return this.api.call(credentials.tokens.accessToken, 'GET', '/v2/user/info/', (data) => data.at('user'), {
      query: { fields },
    });
  }

  async profile(credentials: AccountCredentials): Promise<Profile> {
    const user = await this.user(credentials, 'open_id,display_name,username,avatar_url,profile_deep_link');
    const username = user.optionalString('username');
    return {
      externalId: user.string('open_id'),
      handle: username ?? user.string('open_id'),
      displayName: user.optionalString('display_name'),
      url:
        user.optionalString('profile_deep_link') ??
        (username === null ? null : `https://www.tiktok.com/@${username}`),
      avatarUrl: user.optionalString('avatar_url'),
    };
  }

  validate(post: RenderedPost): void {
    validateForPlatform(post, PLATFORM_RULES.tiktok);
  }

  private pullable(url: string): boolean {
    return this.config.pullFromUrlPrefixes.some((prefix) => url.startsWith(prefix));
  }

  async publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    const { post } = request;
    this.validate(post);
    const token = credentials.tokens.accessToken;
    const creator = await this.creatorInfo(token);
    if (!creator.privacyOptions.includes(this.config.privacyLevel)) {
      throw new PlatformError({
        kind: 'rejected',
        platform: 'tiktok',
        reason: `this creator cannot post as ${this.config.privacyLevel}; TikTok offers ${creator.privacyOptions.join(', ') || 'no option'}`,
      });
    }
    const video = post.media.find((m) => m.type === 'video');
    const publishId = video
      ? await this.postVideo(token, creator, post, video)
      : await this.postPhotos(token, creator, post);
    return {
      status: 'processing',
      handle: `${HANDLE}${publishId}|${this.config.privacyLevel}|${encodeURIComponent(creator.username)}`,
      checkAfterMs: CHECK_AFTER_MS,
    };
  }

  private creatorInfo(token: string): Promise<CreatorInfo> {
    return this.api.call(
      token,
      'POST',
      '/v2/post/publish/creator_info/query/',
      (data) => ({
        username: data.string('creator_username'),
        privacyOptions: data.array('privacy_level_options').map((option) => option.string()),
        commentDisabled: data.at('comment_disabled').value === true,
        duetDisabled: data.at('duet_disabled').value === true,
        stitchDisabled: data.at('stitch_disabled').value === true,
        maxDurationSec: data.optionalNumber('max_video_post_duration_sec'),
      }),
      { write: false },
    );
  }

  private async postVideo(
    token: string,
    creator: CreatorInfo,
    post: RenderedPost,
    video: MediaItem,
  ): Promise<string> {
    if (
      creator.maxDurationSec !== null &&
      video.durationSeconds !== null &&
      video.durationSeconds > creator.maxDurationSec
    ) {
      throw new PlatformError({
        kind: 'rejected',
        platform: 'tiktok',
        reason: `the video lasts ${video.durationSeconds} s; this creator may post at most ${creator.maxDurationSec} s`,
      });
    }
    const postInfo = {
      title: post.text,
      privacy_level: this.config.privacyLevel,
      disable_comment: creator.commentDisabled,
      disable_duet: creator.duetDisabled,
      disable_stitch: creator.stitchDisabled,
    };
    if (this.pullable(video.url)) {
      // TikTok starts fetching and posting as soon as it accepts this: its answer, if lost, may hide a post.
      return this.init(
        token,
        '/v2/post/publish/video/init/',
        { post_info: postInfo, source_info: { source: 'PULL_FROM_URL', video_url: video.url } },
        true,
      );
    }
    const rules = PLATFORM_RULES.tiktok.media;
    const opened = await this.media.open(video, 0, {
      maxBytes: rules.maxSizeBytes.video ?? 0,
      mimeTypes: rules.mimeTypes.video ?? [],
    });
    try {
      const plan = planChunks(opened.sizeBytes, this.chunkBytes);
      const sourceInfo = {
        source: 'FILE_UPLOAD',
        video_size: plan.videoSize,
        chunk_size: plan.chunkSize,
        total_chunk_count: plan.totalChunkCount,
      };
      const { publishId, uploadUrl } = await this.api.call(
        token,
        'POST',
        '/v2/post/publish/video/init/',
        (data) => ({ publishId: data.string('publish_id'), uploadUrl: data.string('upload_url') }),
        { body: { post_info: postInfo, source_info: sourceInfo }, write: false },
      );
      await uploadChunks(this.api.http, uploadUrl, opened, plan, this.uploadTimeoutMs);
      return publishId;
    } finally {
      await opened.cancel();
    }
  }

  private postPhotos(token: string, creator: CreatorInfo, post: RenderedPost): Promise<string> {
    const unpullable = post.media.findIndex((item) => !this.pullable(item.url));
    if (unpullable >= 0) {
      throw new PlatformError({
        kind: 'rejected',
        platform: 'tiktok',
        reason: `media #${unpullable + 1}: TikTok fetches photos itself and only from domains verified for this app`,
      });
    }
    const postInfo: Record<string, unknown> = {
      description: post.text,
      privacy_level: this.config.privacyLevel,
      disable_comment: creator.commentDisabled,
      auto_add_music: true,
    };
    if (post.title !== null) postInfo.title = post.title;
    const body = {
      post_info: postInfo,
      source_info: {
        source: 'PULL_FROM_URL',
        photo_cover_index: 0,
        photo_images: post.media.map((m) => m.url),
      },
      post_mode: 'DIRECT_POST',
      media_type: 'PHOTO',
    };
    return this.init(token, '/v2/post/publish/content/init/', body, true);
  }

  private init(token: string, path: string, body: unknown, write: boolean): Promise<string> {
    return this.api.call(token, 'POST', path, (data) => data.string('publish_id'), { body, write });
  }

  async publishStatus(credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult> {
    if (!query.handle.startsWith(HANDLE))
      throw new HeraldError('VALIDATION.FAILED', `Not a TikTok publish handle: ${query.handle}`, {
        field: 'handle',
      });
    const [publishId, privacy, username] = query.handle.slice(HANDLE.length).split('|');
    const status = await this.api.call(
      credentials.tokens.accessToken,
      'POST',
      '/v2/post/publish/status/fetch/',
      (data) => ({
        status: data.string('status'),
        failReason: data.optionalString('fail_reason'),
        postIds: data.optionalArray('publicaly_available_post_id').map((id) => id.string()),
      }),
      { body: { publish_id: publishId }, write: false, int64Fields: ['publicaly_available_post_id'] },
    );
    if (status.status === 'FAILED') {
      const reason = status.failReason ?? 'unknown';
      const kind = FAIL_KIND[reason] ?? 'rejected';
      throw new PlatformError({
        kind,
        platform: 'tiktok',
        reason: `TikTok did not publish the post: ${reason}`,
        platformCode: reason,
        retryAfterMs: kind === 'rate_limited' ? 24 * 3_600_000 : null,
      });
    }
    if (status.status === 'SEND_TO_USER_INBOX') {
      throw new PlatformError({
        kind: 'rejected',
        platform: 'tiktok',
        reason: "TikTok sent the video to the creator's inbox instead of posting it",
      });
    }
    if (status.status === 'PUBLISH_COMPLETE') {
      const postId = status.postIds[0];
      if (postId !== undefined) {
        return {
          status: 'published',
          platformPostId: postId,
          url: `https://www.tiktok.com/@${decodeURIComponent(username ?? '')}/video/${postId}`,
        };
      }
      // Only public posts get a public id, after moderation; others are identified by their publish id.
      if (privacy !== 'PUBLIC_TO_EVERYONE')
        return { status: 'published', platformPostId: publishId, url: null };
    }
    return { status: 'processing', handle: query.handle, checkAfterMs: CHECK_AFTER_MS };
  }

  async postMetrics(credentials: AccountCredentials, platformPostId: string): Promise<PostMetricsReading> {
    const video = await this.api.call(
      credentials.tokens.accessToken,
      'POST',
      '/v2/video/query/',
      (data) => data.array('videos')[0] ?? null,
      {
        query: { fields: 'id,like_count,comment_count,share_count,view_count' },
        body: { filters: { video_ids: [platformPostId] } },
        write: false,
      },
    );
    if (video === null)
      throw new PlatformError({
        kind: 'rejected',
        platform: 'tiktok',
        reason: `video ${platformPostId} is not (or no longer) visible to Herald`,
      });
    return {
      metrics: {
        impressions: video.optionalNumber('view_count') ?? 0,
        reach: 0,
        likes: video.optionalNumber('like_count') ?? 0,
        comments: video.optionalNumber('comment_count') ?? 0,
        shares: video.optionalNumber('share_count') ?? 0,
        saves: 0,
        clicks: 0,
      },
      unavailable: ['reach', 'saves', 'clicks'],
    };
  }

  async accountMetrics(credentials: AccountCredentials): Promise<AccountMetrics> {
    const user = await this.user(credentials, 'follower_count,following_count,video_count');
    return {
      followers: user.optionalNumber('follower_count'),
      following: user.optionalNumber('following_count'),
      posts: user.optionalNumber('video_count'),
    };
  }

  /** Newest first; pages until a video older than `since` or the page bound. */
  async recentPosts(credentials: AccountCredentials, query: RecentPostsQuery): Promise<RecentPostsLookup> {
    const since = query.since.getTime();
    const posts: { platformPostId: string; url: string | null; text: string; createdAt: string }[] = [];
    let cursor: number | null = null;
    for (let page = 0; page < MAX_LIST_PAGES && posts.length < query.limit; page++) {
      const body: Record<string, number> = { max_count: 20 };
      if (cursor !== null) body.cursor = cursor;
      const batch = await this.api.call(
        credentials.tokens.accessToken,
        'POST',
        '/v2/video/list/',
        (data) => ({
          videos: data.optionalArray('videos').map((v) => ({
            platformPostId: v.string('id'),
            url: v.optionalString('share_url'),
            text: v.optionalString('video_description') ?? v.optionalString('title') ?? '',
            createdAt: new Date(v.number('create_time') * 1000).toISOString(),
          })),
          cursor: data.optionalNumber('cursor'),
          hasMore: data.at('has_more').value === true,
        }),
        { query: { fields: 'id,title,video_description,create_time,share_url' }, body, write: false },
      );
      const fresh = batch.videos.filter((v) => Date.parse(v.createdAt) >= since);
      posts.push(...fresh);
      if (!batch.hasMore || fresh.length < batch.videos.length || batch.cursor === null) break;
      cursor = batch.cursor;
    }
    return { supported: true, posts: posts.slice(0, query.limit) };
  }
}
