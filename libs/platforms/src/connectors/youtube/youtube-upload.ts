import type { RenderedPost } from '@herald/posts';
import type { PlatformHttpClient, PlatformRequest } from '../../http/platform-http-client';
import type { OpenedMedia } from '../../media/media-source';
import { PlatformError, isPlatformError } from '../../platform-error';
import { ResumeIncomplete } from './youtube-errors';
import type { YouTubeConfig } from './youtube.config';

/** Chunks must be multiples of 256 KiB (all but the last). */
export const UPLOAD_UNIT = 256 * 1024;
export const DEFAULT_UPLOAD_CHUNK_BYTES = 32 * UPLOAD_UNIT;
/** Status checks and resends for one chunk before the upload is left for a later resume. */
const MAX_CHUNK_ATTEMPTS = 3;

export type SessionStatus =
  { readonly done: true; readonly videoId: string } | { readonly done: false; readonly nextByte: number };

/** Rounds a configured chunk size to the protocol's unit. */
export const alignChunk = (bytes: number): number =>
  Math.max(1, Math.round(bytes / UPLOAD_UNIT)) * UPLOAD_UNIT;

/** Re-chunks the media stream into `size`-byte pieces, skipping the first `skip` bytes (already uploaded). */
async function* pieces(opened: OpenedMedia, size: number, skip: number): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let position = 0;
  for await (const part of opened.chunks(UPLOAD_UNIT)) {
    let data = part;
    if (position + data.length <= skip) {
      position += data.length;
      continue;
    }
    if (position < skip) data = data.subarray(skip - position);
    position += part.length;
    held.push(data);
    heldBytes += data.length;
    while (heldBytes >= size) {
      const joined = Buffer.concat(held, heldBytes);
      yield joined.subarray(0, size);
      const rest = joined.subarray(size);
      held = rest.length > 0 ? [rest] : [];
      heldBytes = rest.length;
    }
  }
  if (heldBytes > 0) yield Buffer.concat(held, heldBytes);
}

/**
 * YouTube's resumable upload protocol. `POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`
 * with the video resource opens a session (its URI comes back in `Location`); the file is then PUT in
 * chunks with `Content-Range: bytes first-last/total`. `308 Resume Incomplete` with `Range: bytes=0-n`
 * acknowledges a chunk; 200/201 with the video resource ends the upload. After an interruption,
 * `PUT` with `Content-Range: bytes *\/total` and no body asks how far the upload got, and sending
 * resumes from there. The session lives about a week, so an upload interrupted here can resume in a
 * later call, from the same session, without creating a second video.
 * Source: https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol (checked 2026-11-24).
 */
export class YouTubeResumableUpload {
  constructor(
    private readonly http: PlatformHttpClient,
    private readonly config: YouTubeConfig,
    private readonly chunkBytes: number,
    private readonly uploadTimeoutMs: number,
  ) {}

  /** Whether a session URI (from a stored handle) is one of the configured upload endpoint's. */
  owns(session: string): boolean {
    return session.startsWith(`${this.config.apiBaseUrl}/upload/youtube/v3/videos?`);
  }

  /** Opens the session. It creates nothing visible: the video exists only once the last byte lands. */
  async start(accessToken: string, post: RenderedPost, opened: OpenedMedia): Promise<string> {
    const resource = {
      snippet: { title: post.title ?? '', description: post.text, categoryId: this.config.categoryId },
      status: { privacyStatus: this.config.privacyStatus, selfDeclaredMadeForKids: false },
    };
    const response = await this.http.send({
      method: 'POST',
      url: `${this.config.apiBaseUrl}/upload/youtube/v3/videos`,
      query: { uploadType: 'resumable', part: 'snippet,status' },
      headers: {
        authorization: `Bearer ${accessToken}`,
        'x-upload-content-length': String(opened.sizeBytes),
        'x-upload-content-type': opened.mimeType,
      },
      body: { kind: 'json', value: resource },
      write: false,
    });
    const location = response.headers.get('location');
    if (location === null || location === '') {
      throw new PlatformError({
        kind: 'transient',
        platform: 'youtube',
        reason: 'YouTube opened no upload session (no Location header)',
        platformStatus: response.status,
      });
    }
    return location;
  }

  async status(accessToken: string, session: string, total: number): Promise<SessionStatus> {
    const request: PlatformRequest = {
      method: 'PUT',
      url: session,
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-length': '0',
        'content-range': `bytes */${total}`,
      },
      write: false,
    };
    try {
      const response = await this.http.send(request);
      return { done: true, videoId: this.http.parse(response, request, (body) => body.string('id')) };
    } catch (error) {
      if (error instanceof ResumeIncomplete) return { done: false, nextByte: error.nextByte };
      throw error;
    }
  }

  /**
   * Sends the file from `from` to the end and returns the new video's id. A chunk that fails in
   * transit is resent from where YouTube says it stopped; only the chunk in hand is resent, the file
   * is never re-read here. Anything it cannot recover from is thrown for the caller to resume later.
   */
  async send(accessToken: string, session: string, opened: OpenedMedia, from: number): Promise<string> {
    const total = opened.sizeBytes;
    let offset = from;
    for await (const piece of pieces(opened, this.chunkBytes, from)) {
      const end = offset + piece.length - 1;
      let sent = 0;
      let attempts = 0;
      while (sent < piece.length) {
        const start = offset + sent;
        let next: number;
        try {
          return await this.put(accessToken, session, piece.subarray(sent), start, end, opened);
        } catch (error) {
          if (error instanceof ResumeIncomplete) {
            next = error.nextByte;
            if (next <= start) attempts++;
          } else if (isPlatformError(error, 'transient') && error.platformCode !== 'uploadSessionExpired') {
            attempts++;
            if (attempts >= MAX_CHUNK_ATTEMPTS) throw error;
            const status = await this.status(accessToken, session, total);
            if (status.done) return status.videoId;
            next = status.nextByte;
          } else {
            throw error;
          }
        }
        if (attempts >= MAX_CHUNK_ATTEMPTS || next < offset || next > end + 1) {
          throw new PlatformError({
            kind: 'transient',
            platform: 'youtube',
            reason: `the upload stalled at byte ${next} of ${total}; it will resume from there`,
          });
        }
        sent = next - offset;
      }
      offset += piece.length;
    }
    // Every chunk was acknowledged with 308 and none with the video: ask once whether it is complete.
    const status = await this.status(accessToken, session, total);
    if (status.done) return status.videoId;
    throw new PlatformError({
      kind: 'transient',
      platform: 'youtube',
      reason: `YouTube has ${status.nextByte} of ${total} bytes after the whole file was sent`,
    });
  }

  private async put(
    accessToken: string,
    session: string,
    bytes: Buffer,
    start: number,
    end: number,
    opened: OpenedMedia,
  ): Promise<string> {
    const request: PlatformRequest = {
      method: 'PUT',
      url: session,
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-length': String(bytes.length),
        'content-range': `bytes ${start}-${end}/${opened.sizeBytes}`,
      },
      body: { kind: 'stream', stream: single(bytes), contentType: opened.mimeType },
      // Never "maybe applied" here: the session is asked for the truth after any failure.
      write: false,
      timeoutMs: this.uploadTimeoutMs,
    };
    const response = await this.http.send(request);
    return this.http.parse(response, request, (body) => body.string('id'));
  }
}

async function* single(chunk: Buffer): AsyncGenerator<Buffer> {
  yield chunk;
}
