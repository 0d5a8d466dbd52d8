import { PlatformError } from '../platform-error';
import { FakePlatformServer, mediaItem, mp4Bytes, pngBytes, streamOf } from '../testing';
import { MediaSource, type MediaLimits, type OpenedMedia } from './media-source';

const limits: MediaLimits = {
  maxBytes: 10_000,
  mimeTypes: ['image/png', 'image/jpeg'],
  maxWidth: 4096,
  maxHeight: 4096,
};

async function collect(opened: OpenedMedia, chunkSize: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of opened.chunks(chunkSize)) out.push(chunk);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('expected a PlatformError');
}

describe(MediaSource.name, () => {
  let server: FakePlatformServer;
  const sut = new MediaSource({ platform: 'x', allowPrivateNetwork: true, idleTimeoutMs: 5_000 });
  const item = (path: string, sizeBytes = 1000) => mediaItem({ url: `${server.url}${path}`, sizeBytes });

  beforeAll(async () => {
    server = await FakePlatformServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('reads the file in chunks of exactly the requested size, the last one shorter', async () => {
    const bytes = pngBytes(640, 480, 2_500);
    server.on('GET', '/a.png', {
      headers: { 'content-type': 'image/png', 'content-length': '2500' },
      body: bytes,
    });
    const opened = await sut.open(item('/a.png', 2_500), 0, limits);
    expect(opened).toMatchObject({ mimeType: 'image/png', sizeBytes: 2_500 });
    const chunks = await collect(opened, 1_000);
    expect(chunks.map((c) => c.length)).toEqual([1_000, 1_000, 500]);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('refuses a type the platform does not take, before reading the body', async () => {
    server.on('GET', '/a.bmp', { headers: { 'content-type': 'image/bmp' }, body: 'BM....' });
    const error = await failure(sut.open(item('/a.bmp'), 1, limits));
    expect(error).toMatchObject({
      kind: 'rejected',
      reason: 'media #2 is image/bmp; accepted types are image/png, image/jpeg',
    });
  });

  it('refuses a file whose announced size is over the cap', async () => {
    server.on('GET', '/big.png', {
      headers: { 'content-type': 'image/png', 'content-length': '20000' },
      body: pngBytes(10, 10, 20_000),
    });
    const error = await failure(sut.open(item('/big.png'), 0, limits));
    expect(error.reason).toBe('media #1 is 20000 bytes; the limit is 10000');
  });

  it('stops reading when a file without a length grows past what was declared', async () => {
    server.on('GET', '/grow.png', {
      headers: { 'content-type': 'image/png' },
      body: streamOf(pngBytes(10, 10, 5_000), 500),
    });
    const opened = await sut.open(item('/grow.png', 1_000), 0, limits);
    const error = await failure(collect(opened, 400));
    expect(error).toMatchObject({
      kind: 'rejected',
      reason: 'media #1 is larger than the 1000 bytes announced or allowed',
    });
  });

  it('checks the bytes: content that is not what the URL claims is refused', async () => {
    server.on('GET', '/fake.png', {
      headers: { 'content-type': 'image/png', 'content-length': '1000' },
      body: mp4Bytes(1000),
    });
    const opened = await sut.open(item('/fake.png'), 0, limits);
    const error = await failure(collect(opened, 500));
    expect(error.reason).toBe('media #1 is served as image/png but its content is video/mp4');
  });

  it('reads image dimensions from the bytes and refuses images over the limit', async () => {
    server.on('GET', '/huge.png', {
      headers: { 'content-type': 'image/png', 'content-length': '1000' },
      body: pngBytes(8000, 100, 1000),
    });
    const opened = await sut.open(item('/huge.png'), 0, limits);
    const error = await failure(collect(opened, 500));
    expect(error.reason).toBe('media #1 is 8000×100; the limit is 4096×4096');
  });

  it('classifies a missing file as rejected and a failing host as transient', async () => {
    server.on('GET', '/gone.png', { status: 404, body: 'no' });
    server.on('GET', '/err.png', { status: 503, body: 'busy' });
    expect(await failure(sut.open(item('/gone.png'), 0, limits))).toMatchObject({ kind: 'rejected' });
    expect(await failure(sut.open(item('/err.png'), 0, limits))).toMatchObject({ kind: 'transient' });
  });

  it('gives up on a host that stops sending, as transient', async () => {
    const bytes = pngBytes(10, 10, 1_000);
    server.on('GET', '/stall.png', {
      headers: { 'content-type': 'image/png', 'content-length': '1000' },
      body: streamOf(
        bytes,
        500,
        (index) => new Promise((resolve) => setTimeout(resolve, index === 0 ? 0 : 5_000)),
      ),
    });
    const impatient = new MediaSource({ platform: 'x', allowPrivateNetwork: true, idleTimeoutMs: 300 });
    const opened = await impatient.open(item('/stall.png'), 0, limits);
    const error = await failure(collect(opened, 100));
    expect(error.kind).toBe('transient');
    expect(error.reason).toMatch(/^media #1 stopped arriving after 500 bytes/);
  });

  it('refuses private and loopback addresses unless allowed (media URLs come from users)', async () => {
    const guarded = new MediaSource({ platform: 'x' });
    for (const url of [
      'http://127.0.0.1/a.png',
      'http://localhost/a.png',
      'http://10.1.2.3/a.png',
      'http://[::1]/a.png',
      'http://169.254.169.254/latest',
    ]) {
      expect((await failure(guarded.open(mediaItem({ url }), 0, limits))).reason).toBe(
        'media #1 points at a private or local network address',
      );
    }
    expect((await failure(guarded.open(mediaItem({ url: 'file:///etc/passwd' }), 0, limits))).reason).toBe(
      'media #1 uses file:; only http(s) URLs can be fetched',
    );
  });
});
