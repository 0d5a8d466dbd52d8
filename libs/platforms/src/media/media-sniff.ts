/**
 * What a media file's first bytes say it is. A media URL's Content-Type and the size declared when
 * it was attached are claims; the platform judges the bytes, so Herald checks the bytes before
 * spending an upload on them.
 */
export interface SniffedMedia {
  readonly mimeType: string | null;
  readonly width: number | null;
  readonly height: number | null;
}

const startsWith = (bytes: Buffer, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

function jpegDimensions(bytes: Buffer): { width: number; height: number } | null {
  // Walk the marker segments to the first start-of-frame (SOF0..SOF15 except DHT/JPG/DAC).
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  return null;
}

export function sniffMedia(bytes: Buffer): SniffedMedia {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    const known = bytes.length >= 24;
    return {
      mimeType: 'image/png',
      width: known ? bytes.readUInt32BE(16) : null,
      height: known ? bytes.readUInt32BE(20) : null,
    };
  }
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    const known = bytes.length >= 10;
    return {
      mimeType: 'image/gif',
      width: known ? bytes.readUInt16LE(6) : null,
      height: known ? bytes.readUInt16LE(8) : null,
    };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    const size = jpegDimensions(bytes);
    return { mimeType: 'image/jpeg', width: size?.width ?? null, height: size?.height ?? null };
  }
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return { mimeType: 'image/webp', width: null, height: null };
  }
  // ISO base media (MP4, MOV): a box whose type is `ftyp` first; `qt  ` brand means QuickTime.
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) {
    const brand = bytes.subarray(8, 12).toString('latin1');
    return { mimeType: brand === 'qt  ' ? 'video/quicktime' : 'video/mp4', width: null, height: null };
  }
  return { mimeType: null, width: null, height: null };
}
