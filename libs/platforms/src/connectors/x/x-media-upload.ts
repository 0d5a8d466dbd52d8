import { PLATFORM_RULES, type MediaItem, type MediaType } from '@herald/posts';
import type { JsonReader } from '../../http/json-reader';
import type { PlatformHttpClient } from '../../http/platform-http-client';
import type { MediaLimits, MediaSource } from '../../media/media-source';
import { PlatformError } from '../../platform-error';

/** X documents 5 MB as the largest APPEND segment; 4 MB leaves room for the multipart envelope. */
export const X_DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

const CATEGORY: Readonly<Record<MediaType, string>> = {
  image: 'tweet_image',
  gif: 'tweet_gif',
  video: 'tweet_video',
};

/**
 * Size and type limits are the posts context's X rules; dimensions: images up to 8192×8192, GIFs up
 * to 1280×1080. Source: https://docs.x.com/x-api/media/quickstart/best-practices and
 * https://www.ayrshare.com/docs/media-guidelines/x-twitter (checked 2026-11-24).
 */
function limitsFor(type: MediaType): MediaLimits {
  const rules = PLATFORM_RULES.x.media;
  const dimensions =
    type === 'gif'
      ? { maxWidth: 1280, maxHeight: 1080 }
      : type === 'image'
        ? { maxWidth: 8192, maxHeight: 8192 }
        : {};
  return { maxBytes: rules.maxSizeBytes[type] ?? 0, mimeTypes: rules.mimeTypes[type] ?? [], ...dimensions };
}

export type MediaProcessing =
  | { readonly state: 'succeeded' }
  | { readonly state: 'pending' | 'in_progress'; readonly checkAfterMs: number }
  | { readonly state: 'failed'; readonly reason: string };

export interface UploadedMedia {
  readonly mediaId: string;
  readonly processing: MediaProcessing;
}

function readProcessing(data: JsonReader): MediaProcessing {
  if (!data.has('processing_info')) return { state: 'succeeded' };
  const info = data.at('processing_info');
  const state = info.string('state');
  if (state === 'succeeded') return { state };
  if (state === 'failed') {
    const error = info.at('error');
    return {
      state,
      reason:
        error.optionalString('message') ?? error.optionalString('name') ?? 'X could not process the media',
    };
  }
  if (state === 'pending' || state === 'in_progress') {
    // Never 0: a zero wait would read as "ready" and attach media X has not finished.
    return { state, checkAfterMs: Math.max(1, info.optionalNumber('check_after_secs') ?? 5) * 1000 };
  }
  return { state: 'failed', reason: `X reported an unknown processing state "${state}"` };
}

/**
 * X API v2 chunked media upload: `POST /2/media/upload/initialize` (JSON), one
 * `POST /2/media/upload/{id}/append` per segment (multipart: `segment_index`, `media`), then
 * `POST /2/media/upload/{id}/finalize`; video and GIFs may then need
 * `GET /2/media/upload?command=STATUS&media_id=…` until `processing_info.state` is `succeeded`.
 * Source: https://docs.x.com/x-api/media/quickstart/media-upload-chunked (checked 2026-11-24).
 * The file streams from its URL one segment at a time; no more than one segment is ever in memory.
 */
export class XMediaUploader {
  constructor(
    private readonly http: PlatformHttpClient,
    private readonly media: MediaSource,
    private readonly apiBaseUrl: string,
    private readonly chunkBytes: number = X_DEFAULT_CHUNK_BYTES,
  ) {}

  async upload(accessToken: string, item: MediaItem, index: number): Promise<UploadedMedia> {
    const opened = await this.media.open(item, index, limitsFor(item.type));
    const auth = { authorization: `Bearer ${accessToken}` };
    let mediaId: string;
    try {
      mediaId = await this.http.json(
        {
          method: 'POST',
          url: `${this.apiBaseUrl}/2/media/upload/initialize`,
          headers: auth,
          body: {
            kind: 'json',
            value: {
              media_type: opened.mimeType,
              total_bytes: opened.sizeBytes,
              media_category: CATEGORY[item.type],
            },
          },
          // An orphaned upload session is harmless (it expires unused): a failure here is never a double post.
          write: false,
        },
        (body) => body.at('data').string('id'),
      );
    } catch (error) {
      await opened.cancel();
      throw error;
    }
    let segment = 0;
    for await (const chunk of opened.chunks(this.chunkBytes)) {
      const form = new FormData();
      form.set('segment_index', String(segment));
      form.set('media', new Blob([chunk], { type: 'application/octet-stream' }), 'chunk');
      await this.http.send({
        method: 'POST',
        url: `${this.apiBaseUrl}/2/media/upload/${encodeURIComponent(mediaId)}/append`,
        headers: auth,
        body: { kind: 'multipart', form },
        write: false,
      });
      segment++;
    }
    const processing = await this.http.json(
      {
        method: 'POST',
        url: `${this.apiBaseUrl}/2/media/upload/${encodeURIComponent(mediaId)}/finalize`,
        headers: auth,
        write: false,
      },
      (body) => readProcessing(body.at('data')),
    );
    return { mediaId, processing: this.failIfFailed(processing, index) };
  }

  async status(accessToken: string, mediaId: string): Promise<MediaProcessing> {
    return this.http.json(
      {
        method: 'GET',
        url: `${this.apiBaseUrl}/2/media/upload`,
        query: { command: 'STATUS', media_id: mediaId },
        headers: { authorization: `Bearer ${accessToken}` },
      },
      (body) => readProcessing(body.at('data')),
    );
  }

  failIfFailed(processing: MediaProcessing, index: number): MediaProcessing {
    if (processing.state !== 'failed') return processing;
    throw new PlatformError({
      kind: 'rejected',
      platform: 'x',
      reason: `media #${index + 1}: ${processing.reason}`,
    });
  }
}
