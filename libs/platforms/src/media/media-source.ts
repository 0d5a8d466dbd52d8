import type { SocialPlatform } from '@herald/accounts';
import type { MediaItem } from '@herald/posts';
import { isIP } from 'node:net';
import { PlatformError } from '../platform-error';
import { sniffMedia } from './media-sniff';

export interface MediaLimits {
  readonly maxBytes: number;
  readonly mimeTypes: readonly string[];
  readonly maxWidth?: number;
  readonly maxHeight?: number;
}

export interface MediaSourceOptions {
  readonly platform: SocialPlatform;
  /** The longest wait for the next bytes (not for the whole file: a large video may take minutes). */
  readonly idleTimeoutMs?: number;
  /**
   * Media URLs come from users and are fetched by the server, so loopback, private and link-local
   * addresses are refused (SSRF). Tests against a local fake server turn this on.
   */
  readonly allowPrivateNetwork?: boolean;
  readonly fetch?: typeof fetch;
}

/** A media file being read from its URL; single use, read in chunks so it is never held whole. */
export interface OpenedMedia {
  readonly mimeType: string;
  readonly sizeBytes: number;
  chunks(chunkSize: number): AsyncGenerator<Buffer>;
  cancel(): Promise<void>;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

function isPrivateAddress(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(host) === 6) {
    return (
      host === '::1' ||
      host === '::' ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith('::ffff:')
    );
  }
  return false;
}

/** Opens media URLs for upload, checking type, size and dimensions against a platform's limits. */
export class MediaSource {
  private readonly fetchImpl: typeof fetch;
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: MediaSourceOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  async open(item: MediaItem, index: number, limits: MediaLimits): Promise<OpenedMedia> {
    const label = `media #${index + 1}`;
    const reject = (reason: string): PlatformError =>
      new PlatformError({ kind: 'rejected', platform: this.options.platform, reason: `${label} ${reason}` });
    const transient = (reason: string, cause?: unknown): PlatformError =>
      new PlatformError({
        kind: 'transient',
        platform: this.options.platform,
        reason: `${label} ${reason}`,
        cause,
      });

    let url: URL;
    try {
      url = new URL(item.url);
    } catch {
      throw reject('has an invalid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw reject(`uses ${url.protocol}; only http(s) URLs can be fetched`);
    if (!this.options.allowPrivateNetwork && isPrivateAddress(url.hostname)) {
      throw reject('points at a private or local network address');
    }

    // Armed only while waiting for bytes: time the consumer spends uploading a chunk does not count.
    const controller = new AbortController();
    const idleTimeoutMs = this.idleTimeoutMs;
    let timer = setTimeout(() => controller.abort(), idleTimeoutMs);
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), idleTimeoutMs);
    };
    let response: Response;
    try {
      response = await this.fetchImpl(url, { signal: controller.signal, redirect: 'error' });
    } catch (error) {
      clearTimeout(timer);
      throw transient(
        `could not be fetched: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    clearTimeout(timer);
    const fail = async (error: PlatformError): Promise<never> => {
      clearTimeout(timer);
      await response.body?.cancel().catch(() => undefined);
      throw error;
    };
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      return fail(transient(`could not be fetched (HTTP ${response.status})`));
    }
    if (response.status !== 200 || response.body === null) {
      return fail(reject(`could not be fetched (HTTP ${response.status}); check that the file still exists`));
    }
    const mimeType = (response.headers.get('content-type') ?? item.mimeType)
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (!limits.mimeTypes.includes(mimeType)) {
      return fail(reject(`is ${mimeType}; accepted types are ${limits.mimeTypes.join(', ')}`));
    }
    const lengthHeader = response.headers.get('content-length');
    const sizeBytes =
      lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : item.sizeBytes;
    if (sizeBytes > limits.maxBytes) {
      return fail(reject(`is ${sizeBytes} bytes; the limit is ${limits.maxBytes}`));
    }

    const reader = response.body.getReader();
    const checkFirstBytes = (head: Buffer): PlatformError | null => {
      const sniffed = sniffMedia(head);
      if (sniffed.mimeType !== null && sniffed.mimeType !== mimeType) {
        return reject(`is served as ${mimeType} but its content is ${sniffed.mimeType}`);
      }
      if (sniffed.width !== null && sniffed.height !== null) {
        const tooWide = limits.maxWidth !== undefined && sniffed.width > limits.maxWidth;
        const tooTall = limits.maxHeight !== undefined && sniffed.height > limits.maxHeight;
        if (tooWide || tooTall) {
          return reject(
            `is ${sniffed.width}×${sniffed.height}; the limit is ${limits.maxWidth ?? '∞'}×${limits.maxHeight ?? '∞'}`,
          );
        }
      }
      return null;
    };

    async function* chunks(chunkSize: number): AsyncGenerator<Buffer> {
      const pending: Buffer[] = [];
      let pendingBytes = 0;
      let total = 0;
      let first = true;
      const take = (size: number): Buffer => {
        const joined = Buffer.concat(pending, pendingBytes);
        pending.length = 0;
        const out = joined.subarray(0, size);
        if (joined.length > size) pending.push(joined.subarray(size));
        pendingBytes = joined.length - out.length;
        return out;
      };
      const emit = (chunk: Buffer): Buffer => {
        if (first) {
          first = false;
          const problem = checkFirstBytes(chunk);
          if (problem) throw problem;
        }
        return chunk;
      };
      let complete = false;
      try {
        for (;;) {
          let next: Awaited<ReturnType<typeof reader.read>>;
          arm();
          try {
            next = await reader.read();
          } catch (error) {
            throw transient(
              `stopped arriving after ${total} bytes (nothing for ${idleTimeoutMs} ms or a broken connection)`,
              error,
            );
          } finally {
            clearTimeout(timer);
          }
          if (next.done) break;
          total += next.value.byteLength;
          if (total > sizeBytes || total > limits.maxBytes) {
            throw reject(
              `is larger than the ${Math.min(sizeBytes, limits.maxBytes)} bytes announced or allowed`,
            );
          }
          pending.push(Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength));
          pendingBytes += next.value.byteLength;
          while (pendingBytes >= chunkSize) yield emit(take(chunkSize));
        }
        complete = true;
        if (total < sizeBytes) throw transient(`ended after ${total} of ${sizeBytes} bytes`);
        if (pendingBytes > 0) yield emit(take(pendingBytes));
      } finally {
        clearTimeout(timer);
        if (!complete) await reader.cancel().catch(() => undefined);
      }
    }

    return {
      mimeType,
      sizeBytes,
      chunks,
      cancel: async () => {
        clearTimeout(timer);
        await reader.cancel().catch(() => undefined);
      },
    };
  }
}
