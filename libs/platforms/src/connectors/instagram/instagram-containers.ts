import type { MediaItem } from '@herald/posts';
import type { AccountCredentials } from '../../connector.port';
import type { JsonReader } from '../../http/json-reader';
import type { PlatformHttpClient, PlatformRequest } from '../../http/platform-http-client';
import type { InstagramConfig } from './instagram.config';

/** `PUBLISHED` means the container was already published (an earlier answer was lost). */
export type ContainerStatus =
  | { readonly state: 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'EXPIRED' }
  | { readonly state: 'ERROR'; readonly detail: string };

const STATES = new Set(['IN_PROGRESS', 'FINISHED', 'PUBLISHED', 'EXPIRED', 'ERROR']);

/**
 * The container steps of Instagram content publishing: `POST /{ig-user-id}/media` creates a
 * container (Instagram fetches `image_url` / `video_url` itself), `GET /{container-id}?fields=status_code,status`
 * reports its processing, `POST /{ig-user-id}/media_publish` makes it a post. Containers are
 * invisible until published and expire after 24 hours, so creating one twice is harmless; only
 * `media_publish` is a visible write.
 * Sources: https://developers.facebook.com/docs/instagram-platform/content-publishing,
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media,
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container (checked 2026-11-24).
 */
export class InstagramContainers {
  constructor(
    private readonly graph: PlatformHttpClient,
    private readonly config: InstagramConfig,
  ) {}

  url(path: string): string {
    return `${this.config.graphBaseUrl}/${this.config.graphVersion}/${path}`;
  }

  get<T>(
    credentials: AccountCredentials,
    path: string,
    query: PlatformRequest['query'],
    parse: (body: JsonReader) => T,
  ): Promise<T> {
    return this.graph.json(
      {
        method: 'GET',
        url: this.url(path),
        query: { ...query, access_token: credentials.tokens.accessToken },
      },
      parse,
    );
  }

  /** The token travels in the form body of writes, never in a URL that proxies might log. */
  private post<T>(
    credentials: AccountCredentials,
    path: string,
    fields: Record<string, string>,
    write: boolean,
    parse: (body: JsonReader) => T,
  ): Promise<T> {
    return this.graph.json(
      {
        method: 'POST',
        url: this.url(path),
        body: { kind: 'form', fields: { ...fields, access_token: credentials.tokens.accessToken } },
        write,
      },
      parse,
    );
  }

  private user(credentials: AccountCredentials): string {
    return encodeURIComponent(credentials.externalId);
  }

  /** One image or video: a post of its own (`caption` set) or a carousel item (`caption` null). */
  createItem(credentials: AccountCredentials, item: MediaItem, caption: string | null): Promise<string> {
    const fields: Record<string, string> = {};
    const isVideo = item.type === 'video';
    if (isVideo) {
      // VIDEO is deprecated for feed posts: a single video is published as a reel, shared to the feed too.
      fields.media_type = caption === null ? 'VIDEO' : 'REELS';
      fields.video_url = item.url;
    } else {
      fields.image_url = item.url;
    }
    if (caption === null) {
      fields.is_carousel_item = 'true';
    } else {
      fields.caption = caption;
      if (isVideo) fields.share_to_feed = 'true';
      if (!isVideo && item.altText !== null) fields.alt_text = item.altText;
    }
    return this.post(credentials, `${this.user(credentials)}/media`, fields, false, (body) =>
      body.string('id'),
    );
  }

  createCarousel(
    credentials: AccountCredentials,
    childIds: readonly string[],
    caption: string,
  ): Promise<string> {
    return this.post(
      credentials,
      `${this.user(credentials)}/media`,
      { media_type: 'CAROUSEL', children: childIds.join(','), caption },
      false,
      (body) => body.string('id'),
    );
  }

  status(credentials: AccountCredentials, containerId: string): Promise<ContainerStatus> {
    return this.get(
      credentials,
      encodeURIComponent(containerId),
      { fields: 'status_code,status' },
      (body): ContainerStatus => {
        const state = body.string('status_code');
        if (!STATES.has(state)) return { state: 'ERROR', detail: `unknown container status "${state}"` };
        if (state === 'ERROR')
          return { state, detail: body.optionalString('status') ?? 'Instagram could not process the media' };
        return { state: state as 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'EXPIRED' };
      },
    );
  }

  /** The one visible write: a lost answer here may hide a published post. */
  publish(credentials: AccountCredentials, containerId: string): Promise<string> {
    return this.post(
      credentials,
      `${this.user(credentials)}/media_publish`,
      { creation_id: containerId },
      true,
      (body) => body.string('id'),
    );
  }

  /** Remaining posts in the rolling 24-hour window (100 per account at the time of writing; read, not assumed). */
  publishingLimit(credentials: AccountCredentials): Promise<{ used: number; total: number | null }> {
    return this.get(
      credentials,
      `${this.user(credentials)}/content_publishing_limit`,
      { fields: 'quota_usage,config' },
      (body) => {
        const entry = body.at('data').at(0);
        return {
          used: entry.optionalNumber('quota_usage') ?? 0,
          total: entry.at('config').optionalNumber('quota_total'),
        };
      },
    );
  }
}
