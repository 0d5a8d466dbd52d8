import { PLATFORM_RULES, type MediaItem, type MediaType } from '@herald/posts';
import type { JsonReader } from '../../http/json-reader';
import type { MediaLimits, MediaSource, OpenedMedia } from '../../media/media-source';
import { PlatformError } from '../../platform-error';
import type { LinkedInApi } from './linkedin-api';

/** How much of an image is read from its URL before it is passed on; never the whole file. */
const IMAGE_READ_BYTES = 256 * 1024;

function limitsFor(type: MediaType): MediaLimits {
  const rules = PLATFORM_RULES.linkedin.media;
  return { maxBytes: rules.maxSizeBytes[type] ?? 0, mimeTypes: rules.mimeTypes[type] ?? [] };
}

export type VideoState = 'available' | 'processing' | { readonly failed: string };

interface UploadPart {
  readonly uploadUrl: string;
  readonly firstByte: number;
  readonly lastByte: number;
}

/**
 * Uploads media for a post. Images: `POST /rest/images?action=initializeUpload`, then one PUT of
 * the file to `uploadUrl`. Videos: `POST /rest/videos?action=initializeUpload` with the size, one
 * PUT per `uploadInstructions` part (4 MiB each, the last shorter) whose `ETag`s go to
 * `POST /rest/videos?action=finalizeUpload`; LinkedIn then processes the video (`GET /rest/videos/{urn}`
 * until AVAILABLE). Bytes stream from the media URL: one part at most is in memory.
 * Sources: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api (version 202607, checked 2026-11-24).
 */
export class LinkedInMediaUploader {
  constructor(
    private readonly api: LinkedInApi,
    private readonly media: MediaSource,
    private readonly uploadTimeoutMs: number,
  ) {}

  async uploadImage(accessToken: string, owner: string, item: MediaItem, index: number): Promise<string> {
    const opened = await this.media.open(item, index, limitsFor(item.type));
    try {
      const { uploadUrl, image } = await this.api.json(
        accessToken,
        'POST',
        '/rest/images?action=initializeUpload',
        (body) => ({
          uploadUrl: body.at('value').string('uploadUrl'),
          image: body.at('value').string('image'),
        }),
        { kind: 'json', value: { initializeUploadRequest: { owner } } },
        false,
      );
      await this.api.http.send({
        method: 'PUT',
        url: uploadUrl,
        headers: { authorization: `Bearer ${accessToken}`, 'content-length': String(opened.sizeBytes) },
        body: { kind: 'stream', stream: opened.chunks(IMAGE_READ_BYTES), contentType: opened.mimeType },
        write: false,
        timeoutMs: this.uploadTimeoutMs,
      });
      return image;
    } finally {
      await opened.cancel();
    }
  }

  async uploadVideo(accessToken: string, owner: string, item: MediaItem, index: number): Promise<string> {
    const opened = await this.media.open(item, index, limitsFor('video'));
    try {
      const init = await this.api.json(
        accessToken,
        'POST',
        '/rest/videos?action=initializeUpload',
        (body) => {
          const value = body.at('value');
          return {
            video: value.string('video'),
            uploadToken: value.optionalString('uploadToken') ?? '',
            parts: value.array('uploadInstructions').map((p): UploadPart => ({
              uploadUrl: p.string('uploadUrl'),
              firstByte: p.number('firstByte'),
              lastByte: p.number('lastByte'),
            })),
          };
        },
        {
          kind: 'json',
          value: {
            initializeUploadRequest: {
              owner,
              fileSizeBytes: opened.sizeBytes,
              uploadCaptions: false,
              uploadThumbnail: false,
            },
          },
        },
        false,
      );
      const etags = await this.sendParts(opened, init.parts, index);
      await this.api.send(
        accessToken,
        'POST',
        '/rest/videos?action=finalizeUpload',
        {
          kind: 'json',
          value: {
            finalizeUploadRequest: {
              video: init.video,
              uploadToken: init.uploadToken,
              uploadedPartIds: etags,
            },
          },
        },
        false,
      );
      return init.video;
    } finally {
      await opened.cancel();
    }
  }

  private async sendParts(
    opened: OpenedMedia,
    parts: readonly UploadPart[],
    index: number,
  ): Promise<string[]> {
    const partSize = parts.length === 0 ? 0 : parts[0].lastByte - parts[0].firstByte + 1;
    const layoutOk = parts.every(
      (p, i) =>
        p.firstByte === i * partSize &&
        (p.lastByte === p.firstByte + partSize - 1 ||
          (i === parts.length - 1 && p.lastByte === opened.sizeBytes - 1)),
    );
    if (partSize <= 0 || !layoutOk || parts[parts.length - 1].lastByte !== opened.sizeBytes - 1) {
      throw new PlatformError({
        kind: 'transient',
        platform: 'linkedin',
        reason: `media #${index + 1}: LinkedIn sent upload instructions Herald cannot follow`,
      });
    }
    const etags: string[] = [];
    let part = 0;
    for await (const chunk of opened.chunks(partSize)) {
      const { uploadUrl } = parts[part++];
      const response = await this.api.http.send({
        method: 'PUT',
        url: uploadUrl,
        headers: { 'content-length': String(chunk.length) },
        body: { kind: 'stream', stream: single(chunk), contentType: 'application/octet-stream' },
        write: false,
        timeoutMs: this.uploadTimeoutMs,
      });
      const etag = response.headers.get('etag');
      if (etag === null)
        throw new PlatformError({
          kind: 'transient',
          platform: 'linkedin',
          reason: `media #${index + 1}: LinkedIn acknowledged part ${part} without an ETag`,
        });
      etags.push(etag);
    }
    return etags;
  }

  videoState(accessToken: string, video: string): Promise<VideoState> {
    return this.api.json(
      accessToken,
      'GET',
      `/rest/videos/${encodeURIComponent(video)}`,
      (body: JsonReader): VideoState => {
        const status = body.string('status');
        if (status === 'AVAILABLE') return 'available';
        if (status === 'PROCESSING_FAILED')
          return {
            failed: body.optionalString('processingFailureReason') ?? 'LinkedIn could not process the video',
          };
        return 'processing';
      },
    );
  }
}

async function* single(chunk: Buffer): AsyncGenerator<Buffer> {
  yield chunk;
}
