import type { MediaItem } from '@herald/posts';

/** A byte string that starts like a real PNG of the given size (signature + IHDR), padded to `totalBytes`. */
export function pngBytes(width: number, height: number, totalBytes: number): Buffer {
  const header = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  const body = Buffer.alloc(Math.max(0, totalBytes - header.length));
  for (let i = 0; i < body.length; i++) body[i] = i % 251;
  return Buffer.concat([header, body]).subarray(0, totalBytes);
}

/** A byte string that starts like an MP4 (`ftyp` box, `isom` brand), padded to `totalBytes`. */
export function mp4Bytes(totalBytes: number): Buffer {
  const head = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);
  const body = Buffer.alloc(Math.max(0, totalBytes - head.length), 7);
  return Buffer.concat([head, body]).subarray(0, totalBytes);
}

export function mediaItem(overrides: Partial<MediaItem> = {}): MediaItem {
  return {
    url: 'https://cdn.example.com/a.png',
    type: 'image',
    mimeType: 'image/png',
    sizeBytes: 1000,
    width: 100,
    height: 100,
    durationSeconds: null,
    altText: null,
    ...overrides,
  };
}

/** Splits a buffer into a stream of parts, optionally waiting for a signal before each later part. */
export async function* streamOf(
  bytes: Buffer,
  partSize: number,
  before?: (index: number) => Promise<void>,
): AsyncGenerator<Buffer> {
  for (let offset = 0, index = 0; offset < bytes.length; offset += partSize, index++) {
    if (before) await before(index);
    yield bytes.subarray(offset, offset + partSize);
  }
}
