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
import { DEFAULT_TIMEOUT_MS } from '../../http/platform-http-client';
import { MediaSource } from '../../media/media-source';
import { PlatformError } from '../../platform-error';
import { LinkedInApi, isOrganization } from './linkedin-api';
import { classifyLinkedInError } from './linkedin-errors';
import { LinkedInMediaUploader } from './linkedin-media-upload';
import { LinkedInOAuthFlow } from './linkedin-oauth';
import { fromLittleText, toLittleText } from './linkedin-text';
import type { LinkedInConfig } from './linkedin.config';

export interface LinkedInConnectorOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  /** Per upload request (one image, one 4 MiB video part); longer than API calls on slow links. */
  readonly uploadTimeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly media?: MediaSource;
}

const VIDEO_HANDLE = 'li-video:';
const VIDEO_CHECK_AFTER_MS = 15_000;
const MIN_UPLOAD_TIMEOUT_MS = 5 * 60_000;

type PostContent = Record<string, unknown> | null;

const postUrl = (urn: string): string => `https://www.linkedin.com/feed/update/${urn}/`;
const enc = encodeURIComponent;

/**
 * LinkedIn members (`urn:li:person:…`) and Company Pages (`urn:li:organization:…`) through the
 * versioned REST API (`LinkedIn-Version`, default 202607; Rest.li 2.0). Posts go to
 * `POST /rest/posts`; the new post's URN comes back in the `x-restli-id` header. A video post
 * answers `processing` until LinkedIn has processed the upload, and the post is created only then.
 * Sources: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api (version 202607, checked 2026-11-24).
 */
export class LinkedInConnector implements PlatformConnector {
  readonly platform = 'linkedin' as const;
  readonly capabilities: ConnectorCapabilities = {
    asyncPublish: true,
    postMetrics: true,
    accountMetrics: true,
    reconciliation: true,
  };
  readonly oauth: LinkedInOAuthFlow;
  private readonly api: LinkedInApi;
  private readonly uploader: LinkedInMediaUploader;

  constructor(config: LinkedInConfig, options: LinkedInConnectorOptions = {}) {
    const http = connectorHttpClient('linkedin', classifyLinkedInError, options);
    this.api = new LinkedInApi(http, config);
    this.oauth = new LinkedInOAuthFlow(config, this.api, options);
    const uploadTimeoutMs =
      options.uploadTimeoutMs ?? Math.max(MIN_UPLOAD_TIMEOUT_MS, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.uploader = new LinkedInMediaUploader(
      this.api,
      options.media ?? new MediaSource({ platform: 'linkedin', fetch: options.fetch }),
      uploadTimeoutMs,
    );
  }

  async profile(credentials: AccountCredentials): Promise<Profile> {
    const token = credentials.tokens.accessToken;
    if (isOrganization(credentials.externalId)) {
      const organization = await this.api.organization(token, credentials.externalId);
      return {
        externalId: organization.urn,
        handle: organization.vanityName ?? organization.urn,
        displayName: organization.name,
        url:
          organization.vanityName === null
            ? null
            : `https://www.linkedin.com/company/${organization.vanityName}/`,
        avatarUrl: null,
      };
    }
    const member = await this.api.member(token);
    return {
      externalId: member.urn,
      handle: member.name ?? member.urn,
      displayName: member.name,
      url: null,
      avatarUrl: member.picture,
    };
  }

  validate(post: RenderedPost): void {
    validateForPlatform(post, PLATFORM_RULES.linkedin);
  }

  async publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    const { post } = request;
    this.validate(post);
    const token = credentials.tokens.accessToken;
    const author = credentials.externalId;
    const video = post.media.find((m) => m.type === 'video');
    if (video) {
      const urn = await this.uploader.uploadVideo(token, author, video, 0);
      return this.postVideoWhenReady(credentials, urn, post);
    }
    const images: { id: string; altText?: string }[] = [];
    for (const [index, item] of post.media.entries()) {
      const id = await this.uploader.uploadImage(token, author, item, index);
      images.push(item.altText === null ? { id } : { id, altText: item.altText });
    }
    const content =
      images.length === 0 ? null : images.length === 1 ? { media: images[0] } : { multiImage: { images } };
    return this.createPost(credentials, post, content);
  }

  async publishStatus(credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult> {
    if (!query.handle.startsWith(VIDEO_HANDLE)) {
      throw new HeraldError('VALIDATION.FAILED', `Not a LinkedIn publish handle: ${query.handle}`, {
        field: 'handle',
      });
    }
    return this.postVideoWhenReady(credentials, query.handle.slice(VIDEO_HANDLE.length), query.request.post);
  }

  private async postVideoWhenReady(
    credentials: AccountCredentials,
    video: string,
    post: RenderedPost,
  ): Promise<PublishResult> {
    const state = await this.uploader.videoState(credentials.tokens.accessToken, video);
    if (state === 'processing')
      return { status: 'processing', handle: `${VIDEO_HANDLE}${video}`, checkAfterMs: VIDEO_CHECK_AFTER_MS };
    if (state !== 'available')
      throw new PlatformError({
        kind: 'rejected',
        platform: 'linkedin',
        reason: `the video could not be processed: ${state.failed}`,
      });
    return this.createPost(credentials, post, {
      media: post.title === null ? { id: video } : { id: video, title: post.title },
    });
  }

  private async createPost(
    credentials: AccountCredentials,
    post: RenderedPost,
    content: PostContent,
  ): Promise<PublishResult> {
    const body: Record<string, unknown> = {
      author: credentials.externalId,
      commentary: toLittleText(post.text),
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    };
    if (content !== null) body.content = content;
    const response = await this.api.send(
      credentials.tokens.accessToken,
      'POST',
      '/rest/posts',
      { kind: 'json', value: body },
      true,
    );
    const urn = response.headers.get('x-restli-id') ?? response.headers.get('x-linkedin-id');
    if (urn === null || urn === '') {
      throw new PlatformError({
        kind: 'transient',
        platform: 'linkedin',
        reason: 'LinkedIn accepted the post but sent no x-restli-id',
        platformStatus: response.status,
        outcomeUnknown: true,
      });
    }
    return { status: 'published', platformPostId: urn, url: postUrl(urn) };
  }

  async postMetrics(credentials: AccountCredentials, platformPostId: string): Promise<PostMetricsReading> {
    const token = credentials.tokens.accessToken;
    const author = credentials.externalId;
    if (isOrganization(author)) {
      const kind = platformPostId.startsWith('urn:li:ugcPost:') ? 'ugcPosts' : 'shares';
      const path = `/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${enc(author)}&${kind}=List(${enc(platformPostId)})`;
      return this.api.json(token, 'GET', path, (body) => {
        const stats = body.at('elements').at(0).at('totalShareStatistics');
        return {
          metrics: {
            impressions: stats.optionalNumber('impressionCount') ?? 0,
            reach: stats.optionalNumber('uniqueImpressionsCount') ?? 0,
            likes: stats.optionalNumber('likeCount') ?? 0,
            comments: stats.optionalNumber('commentCount') ?? 0,
            shares: stats.optionalNumber('shareCount') ?? 0,
            saves: 0,
            clicks: stats.optionalNumber('clickCount') ?? 0,
          },
          unavailable: ['saves'],
        };
      });
    }
    // Member posts have no share statistics; their reactions are readable only with r_member_social, a restricted scope.
    if (!credentials.tokens.scopes.includes('r_member_social')) {
      return {
        metrics: { impressions: 0, reach: 0, likes: 0, comments: 0, shares: 0, saves: 0, clicks: 0 },
        unavailable: ['impressions', 'reach', 'likes', 'comments', 'shares', 'saves', 'clicks'],
      };
    }
    return this.api.json(token, 'GET', `/rest/socialActions/${enc(platformPostId)}`, (body) => ({
      metrics: {
        impressions: 0,
        reach: 0,
        likes: body.at('likesSummary').optionalNumber('totalLikes') ?? 0,
        comments: body.at('commentsSummary').optionalNumber('aggregatedTotalComments') ?? 0,
        shares: 0,
        saves: 0,
        clicks: 0,
      },
      unavailable: ['impressions', 'reach', 'shares', 'saves', 'clicks'],
    }));
  }

  async accountMetrics(credentials: AccountCredentials): Promise<AccountMetrics> {
    if (!isOrganization(credentials.externalId)) return { followers: null, following: null, posts: null };
    const path = `/rest/networkSizes/${enc(credentials.externalId)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`;
    return this.api.json(credentials.tokens.accessToken, 'GET', path, (body) => ({
      followers: body.optionalNumber('firstDegreeSize'),
      following: null,
      posts: null,
    }));
  }

  async recentPosts(credentials: AccountCredentials, query: RecentPostsQuery): Promise<RecentPostsLookup> {
    const author = credentials.externalId;
    if (!isOrganization(author) && !credentials.tokens.scopes.includes('r_member_social')) {
      return {
        supported: false,
        reason: "LinkedIn lets only approved partners read a member's posts (r_member_social)",
      };
    }
    const count = Math.min(100, Math.max(1, query.limit));
    const path = `/rest/posts?q=author&author=${enc(author)}&count=${count}&sortBy=CREATED`;
    return this.api.json(credentials.tokens.accessToken, 'GET', path, (body) => ({
      supported: true as const,
      posts: body
        .array('elements')
        .map((p) => ({
          platformPostId: p.string('id'),
          url: postUrl(p.string('id')),
          text: fromLittleText(p.optionalString('commentary') ?? ''),
          createdAt: new Date(p.number('createdAt')).toISOString(),
        }))
        .filter((p) => Date.parse(p.createdAt) >= query.since.getTime()),
    }));
  }
}
