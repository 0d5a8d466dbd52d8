import { PLATFORM_RULES, validateForPlatform, type RenderedPost } from '@herald/posts';
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
import type { JsonReader } from '../../http/json-reader';
import { DEFAULT_TIMEOUT_MS, PlatformHttpClient } from '../../http/platform-http-client';
import { MediaSource, type OpenedMedia } from '../../media/media-source';
import { PlatformError, isPlatformError } from '../../platform-error';
import { YouTubeApi } from './youtube-api';
import { classifyUploadError, classifyYouTubeError } from './youtube-errors';
import { YouTubeOAuthFlow } from './youtube-oauth';
import { YouTubeQuotaTracker, youtubeQuota, type YouTubeQuotaPolicy } from './youtube-quota';
import { DEFAULT_UPLOAD_CHUNK_BYTES, YouTubeResumableUpload, alignChunk } from './youtube-upload';
import type { YouTubeConfig } from './youtube.config';

export interface YouTubeConnectorOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  /** Per chunk PUT; a chunk of several MiB on a slow link outlasts an API call. */
  readonly uploadTimeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Rounded to a multiple of 256 KiB. */
  readonly chunkBytes?: number;
  readonly media?: MediaSource;
  /** Defaults to the current model with `config.dailyQuotaUnits`. */
  readonly quota?: YouTubeQuotaPolicy;
}

const UPLOAD_HANDLE = 'yt-upload:';
const VIDEO_HANDLE = 'yt-video:';
const RESUME_AFTER_MS = 30_000;
const PROCESSING_CHECK_MS = 30_000;
const MIN_UPLOAD_TIMEOUT_MS = 5 * 60_000;
/** The video types YouTube accepts; any `video/*` is, but a served type must name one the bytes can match. */
const VIDEO_TYPES = [
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-msvideo',
  'video/x-matroska',
  'video/mpeg',
  'video/3gpp',
  'video/x-flv',
];
/** Failures after which the session is kept for a later resume instead of failing the publish. */
const resumable = (error: unknown): error is PlatformError =>
  isPlatformError(error) &&
  (error.kind === 'needs_refresh' ||
    (error.kind === 'transient' && error.platformCode !== 'uploadSessionExpired'));

const count = (value: string | null): number | null =>
  value === null || !/^\d+$/.test(value) ? null : Number(value);

/**
 * YouTube through the Data API v3. A publish uploads the post's one video with the resumable
 * protocol (streamed from its URL in 256 KiB multiples), then answers `processing` until YouTube
 * reports `uploadStatus: processed`. An upload interrupted mid-way (network, timeout, expired token)
 * also answers `processing`, with a handle holding the session, and `publishStatus` resumes it
 * from the byte YouTube last kept: a video is never uploaded (or created) twice. Every call is
 * charged to the project's daily quota first (see YouTubeQuotaTracker).
 * Sources: https://developers.google.com/youtube/v3/docs/videos/insert,
 * https://developers.google.com/youtube/v3/docs/videos/list (part=status,statistics),
 * https://developers.google.com/youtube/v3/docs/playlistItems/list,
 * https://developers.google.com/youtube/v3/docs/channels/list (checked 2026-11-24).
 */
export class YouTubeConnector implements PlatformConnector {
  readonly platform = 'youtube' as const;
  readonly capabilities: ConnectorCapabilities = {
    asyncPublish: true,
    postMetrics: true,
    accountMetrics: true,
    reconciliation: true,
  };
  readonly oauth: YouTubeOAuthFlow;
  readonly quota: YouTubeQuotaTracker;
  private readonly api: YouTubeApi;
  private readonly upload: YouTubeResumableUpload;
  private readonly media: MediaSource;

  constructor(config: YouTubeConfig, options: YouTubeConnectorOptions = {}) {
    const clock = options.clock ?? systemClock;
    const common = { clock, timeoutMs: options.timeoutMs, fetch: options.fetch };
    this.quota = new YouTubeQuotaTracker(options.quota ?? youtubeQuota(config.dailyQuotaUnits), clock);
    this.api = new YouTubeApi(
      new PlatformHttpClient({ platform: 'youtube', classify: classifyYouTubeError, ...common }),
      config.apiBaseUrl,
      this.quota,
    );
    this.oauth = new YouTubeOAuthFlow(config, this.api, common);
    const uploadTimeoutMs =
      options.uploadTimeoutMs ?? Math.max(MIN_UPLOAD_TIMEOUT_MS, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const uploadHttp = new PlatformHttpClient({
      platform: 'youtube',
      classify: classifyUploadError,
      ...common,
    });
    this.upload = new YouTubeResumableUpload(
      uploadHttp,
      config,
      alignChunk(options.chunkBytes ?? DEFAULT_UPLOAD_CHUNK_BYTES),
      uploadTimeoutMs,
    );
    this.media = options.media ?? new MediaSource({ platform: 'youtube', fetch: options.fetch });
  }

  async profile(credentials: AccountCredentials): Promise<Profile> {
    return this.channel(credentials, 'snippet', (channel) => {
      const snippet = channel.at('snippet');
      const id = channel.string('id');
      return {
        externalId: id,
        handle: snippet.optionalString('customUrl') ?? id,
        displayName: snippet.optionalString('title'),
        url: `https://www.youtube.com/channel/${id}`,
        avatarUrl: snippet.at('thumbnails').at('default').optionalString('url'),
      };
    });
  }

  private channel<T>(
    credentials: AccountCredentials,
    part: string,
    parse: (channel: JsonReader) => T,
  ): Promise<T> {
    return this.api.get(
      credentials.tokens.accessToken,
      'channels.list',
      'channels',
      { part, id: credentials.externalId },
      (body) => {
        const channel = body.optionalArray('items')[0];
        if (channel === undefined)
          throw new PlatformError({
            kind: 'needs_reconnect',
            platform: 'youtube',
            reason: `channel ${credentials.externalId} is not reachable with this grant`,
          });
        return parse(channel);
      },
    );
  }

  validate(post: RenderedPost): void {
    validateForPlatform(post, PLATFORM_RULES.youtube);
  }

  private open(post: RenderedPost): Promise<OpenedMedia> {
    return this.media.open(post.media[0], 0, {
      maxBytes: PLATFORM_RULES.youtube.media.maxSizeBytes.video ?? 0,
      mimeTypes: VIDEO_TYPES,
    });
  }

  async publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    const { post } = request;
    this.validate(post);
    const token = credentials.tokens.accessToken;
    const opened = await this.open(post);
    try {
      this.quota.reserve('videos.insert');
      const session = await this.api.charged('videos.insert', () => this.upload.start(token, post, opened));
      try {
        return this.uploaded(await this.upload.send(token, session, opened, 0));
      } catch (error) {
        if (resumable(error)) return this.resumeLater(session, opened.sizeBytes);
        throw error;
      }
    } finally {
      await opened.cancel();
    }
  }

  private resumeLater(session: string, total: number): PublishResult {
    return {
      status: 'processing',
      handle: `${UPLOAD_HANDLE}${total}:${session}`,
      checkAfterMs: RESUME_AFTER_MS,
    };
  }

  private uploaded(videoId: string): PublishResult {
    return { status: 'processing', handle: `${VIDEO_HANDLE}${videoId}`, checkAfterMs: PROCESSING_CHECK_MS };
  }

  async publishStatus(credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult> {
    const token = credentials.tokens.accessToken;
    if (query.handle.startsWith(VIDEO_HANDLE))
      return this.processing(token, query.handle.slice(VIDEO_HANDLE.length));
    const match = query.handle.startsWith(UPLOAD_HANDLE)
      ? /^(\d+):(.+)$/.exec(query.handle.slice(UPLOAD_HANDLE.length))
      : null;
    if (match === null || !this.upload.owns(match[2]))
      throw new HeraldError('VALIDATION.FAILED', `Not a YouTube publish handle: ${query.handle}`, {
        field: 'handle',
      });
    const [total, session] = [Number(match[1]), match[2]];
    const status = await this.upload.status(token, session, total);
    if (status.done) return this.uploaded(status.videoId);
    const opened = await this.open(query.request.post);
    try {
      if (opened.sizeBytes !== total) {
        throw new PlatformError({
          kind: 'rejected',
          platform: 'youtube',
          reason: `the video file changed during the upload (${opened.sizeBytes} bytes, was ${total}); publish it again`,
        });
      }
      return this.uploaded(await this.upload.send(token, session, opened, status.nextByte));
    } catch (error) {
      if (resumable(error)) return this.resumeLater(session, total);
      throw error;
    } finally {
      await opened.cancel();
    }
  }

  /** `uploadStatus`: uploaded (still processing), processed, failed, rejected, deleted. */
  private processing(token: string, videoId: string): Promise<PublishResult> {
    return this.api.get(
      token,
      'videos.list',
      'videos',
      { part: 'status', id: videoId },
      (body): PublishResult => {
        const video = body.optionalArray('items')[0];
        if (video === undefined)
          throw new PlatformError({
            kind: 'rejected',
            platform: 'youtube',
            reason: `video ${videoId} no longer exists on YouTube`,
          });
        const status = video.at('status');
        const state = status.string('uploadStatus');
        if (state === 'processed')
          return {
            status: 'published',
            platformPostId: videoId,
            url: `https://www.youtube.com/watch?v=${videoId}`,
          };
        if (state === 'uploaded')
          return {
            status: 'processing',
            handle: `${VIDEO_HANDLE}${videoId}`,
            checkAfterMs: PROCESSING_CHECK_MS,
          };
        const why =
          status.optionalString('rejectionReason') ?? status.optionalString('failureReason') ?? state;
        throw new PlatformError({
          kind: 'rejected',
          platform: 'youtube',
          reason: `YouTube ${state === 'rejected' ? 'rejected' : 'could not process'} the video: ${why}`,
          platformCode: why,
        });
      },
    );
  }

  async postMetrics(credentials: AccountCredentials, platformPostId: string): Promise<PostMetricsReading> {
    return this.api.get(
      credentials.tokens.accessToken,
      'videos.list',
      'videos',
      { part: 'statistics', id: platformPostId },
      (body) => {
        const video = body.optionalArray('items')[0];
        if (video === undefined)
          throw new PlatformError({
            kind: 'rejected',
            platform: 'youtube',
            reason: `video ${platformPostId} no longer exists on YouTube`,
          });
        // Counts are decimal strings (they outgrow 32 bits); likes may be hidden by the owner.
        const stats = video.at('statistics');
        const likes = count(stats.optionalString('likeCount'));
        const unavailable: (keyof PostMetricsReading['metrics'])[] = ['reach', 'shares', 'saves', 'clicks'];
        if (likes === null) unavailable.unshift('likes');
        return {
          metrics: {
            impressions: count(stats.optionalString('viewCount')) ?? 0,
            reach: 0,
            likes: likes ?? 0,
            comments: count(stats.optionalString('commentCount')) ?? 0,
            shares: 0,
            saves: 0,
            clicks: 0,
          },
          unavailable,
        };
      },
    );
  }

  async accountMetrics(credentials: AccountCredentials): Promise<AccountMetrics> {
    return this.channel(credentials, 'statistics', (channel) => {
      const stats = channel.at('statistics');
      return {
        followers:
          stats.at('hiddenSubscriberCount').value === true
            ? null
            : count(stats.optionalString('subscriberCount')),
        following: null,
        posts: count(stats.optionalString('videoCount')),
      };
    });
  }

  /** The uploads playlist lists every upload, newest first, for one unit a page (search would cost its own bucket). */
  async recentPosts(credentials: AccountCredentials, query: RecentPostsQuery): Promise<RecentPostsLookup> {
    const token = credentials.tokens.accessToken;
    const uploads = await this.channel(credentials, 'contentDetails', (channel) =>
      channel.at('contentDetails').at('relatedPlaylists').string('uploads'),
    );
    const since = query.since.getTime();
    return this.api.get(
      token,
      'playlistItems.list',
      'playlistItems',
      { part: 'snippet', playlistId: uploads, maxResults: Math.min(50, Math.max(1, query.limit)) },
      (body) => ({
        supported: true as const,
        posts: body
          .optionalArray('items')
          .map((item) => {
            const snippet = item.at('snippet');
            const videoId = snippet.at('resourceId').string('videoId');
            return {
              platformPostId: videoId,
              url: `https://www.youtube.com/watch?v=${videoId}`,
              text: snippet.optionalString('description') ?? '',
              createdAt: new Date(snippet.string('publishedAt')).toISOString(),
            };
          })
          .filter((post) => Date.parse(post.createdAt) >= since),
      }),
    );
  }
}
