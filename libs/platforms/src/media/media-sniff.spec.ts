import { mp4Bytes, pngBytes } from '../testing';
import { sniffMedia } from './media-sniff';

function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof0 = Buffer.alloc(19);
  sof0.set([0xff, 0xc0, 0x00, 0x11, 0x08]);
  sof0.writeUInt16BE(height, 5);
  sof0.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof0, Buffer.from([0xff, 0xd9])]);
}

describe(sniffMedia.name, () => {
  it('reads type and dimensions of PNG, GIF and JPEG', () => {
    expect(sniffMedia(pngBytes(1200, 675, 100))).toEqual({ mimeType: 'image/png', width: 1200, height: 675 });
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([0x40, 0x01, 0xf0, 0x00])]);
    expect(sniffMedia(gif)).toEqual({ mimeType: 'image/gif', width: 320, height: 240 });
    expect(sniffMedia(jpeg(4000, 3000))).toEqual({ mimeType: 'image/jpeg', width: 4000, height: 3000 });
  });

  it('recognises MP4 and QuickTime by their ftyp box, and WebP by its RIFF header', () => {
    expect(sniffMedia(mp4Bytes(64)).mimeType).toBe('video/mp4');
    expect(sniffMedia(Buffer.from([0, 0, 0, 0x14, ...Buffer.from('ftypqt  ')])).mimeType).toBe(
      'video/quicktime',
    );
    expect(sniffMedia(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1')).mimeType).toBe('image/webp');
  });

  it('says nothing about bytes it does not know', () => {
    expect(sniffMedia(Buffer.from('hello world'))).toEqual({ mimeType: null, width: null, height: null });
  });
});
