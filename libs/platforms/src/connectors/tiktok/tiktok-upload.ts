import type { OpenedMedia } from '../../media/media-source';
import type { PlatformHttpClient } from '../../http/platform-http-client';

export const MIB = 1024 * 1024;
/** TikTok's chunk bounds: at least 5 MiB and at most 64 MiB; a file under 5 MiB goes whole. */
export const MIN_CHUNK_BYTES = 5 * MIB;
export const MAX_CHUNK_BYTES = 64 * MIB;
export const DEFAULT_CHUNK_BYTES = 10 * MIB;

export interface ChunkPlan {
  readonly videoSize: number;
  readonly chunkSize: number;
  readonly totalChunkCount: number;
}

/**
 * `total_chunk_count` is `video_size / chunk_size` rounded down: the trailing bytes join the last
 * chunk (which may therefore reach 128 MiB). Files under 5 MiB are sent as one chunk of their size.
 * Source: https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide (checked 2026-11-24).
 */
export function planChunks(videoSize: number, preferredChunkBytes: number): ChunkPlan {
  if (videoSize < MIN_CHUNK_BYTES) return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
  const chunkSize = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, preferredChunkBytes));
  return { videoSize, chunkSize, totalChunkCount: Math.max(1, Math.floor(videoSize / chunkSize)) };
}

/**
 * Sends the file to `upload_url` in order, one `PUT` per chunk with `Content-Range`, as TikTok
 * requires (sequential, exact sizes). Bytes stream from the media URL; at most one chunk (the last,
 * under two chunk sizes) is in memory. The last chunk completes the upload and starts the post, so
 * only its answer can hide a published post.
 */
export async function uploadChunks(
  http: PlatformHttpClient,
  uploadUrl: string,
  opened: OpenedMedia,
  plan: ChunkPlan,
  timeoutMs: number,
): Promise<void> {
  const put = async (bytes: Buffer, first: number, last: boolean): Promise<void> => {
    await http.send({
      method: 'PUT',
      url: uploadUrl,
      headers: {
        'content-length': String(bytes.length),
        'content-range': `bytes ${first}-${first + bytes.length - 1}/${plan.videoSize}`,
      },
      body: { kind: 'stream', stream: single(bytes), contentType: opened.mimeType },
      write: last,
      timeoutMs,
    });
  };
  const lastIndex = plan.totalChunkCount - 1;
  const tail: Buffer[] = [];
  let index = 0;
  for await (const piece of opened.chunks(plan.chunkSize)) {
    if (index < lastIndex) await put(piece, index * plan.chunkSize, false);
    else tail.push(piece);
    index++;
  }
  await put(Buffer.concat(tail), lastIndex * plan.chunkSize, true);
}

async function* single(chunk: Buffer): AsyncGenerator<Buffer> {
  yield chunk;
}
