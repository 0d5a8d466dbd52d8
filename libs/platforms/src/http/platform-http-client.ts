import type { SocialPlatform } from '@herald/accounts';
import { systemClock, type Clock } from '@herald/shared-kernel';
import { PlatformError } from '../platform-error';
import { JsonReader, ResponseShapeError } from './json-reader';

export type RequestBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly fields: Readonly<Record<string, string>> }
  | { readonly kind: 'multipart'; readonly form: FormData }
  | { readonly kind: 'text'; readonly value: string; readonly contentType: string }
  /** Sent with chunked transfer encoding as the iterable yields: never held in memory whole. */
  | {
      readonly kind: 'stream';
      readonly stream: AsyncIterable<Uint8Array>;
      readonly contentType: string;
    };

export type QueryValue = string | number | boolean | undefined;

export interface PlatformRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
  /**
   * Whether a lost or unreadable answer may hide an applied change. Defaults to true for every
   * method but GET: such failures are flagged `outcomeUnknown` so a publish is reconciled, not repeated.
   */
  readonly write?: boolean;
  readonly timeoutMs?: number;
}

export interface PlatformResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Turns a non-2xx answer into a classified error; each platform knows its own error bodies. */
export type ErrorClassifier = (response: PlatformResponse, now: Date) => PlatformError;

export interface PlatformHttpClientOptions {
  readonly platform: SocialPlatform;
  readonly classify: ErrorClassifier;
  readonly timeoutMs?: number;
  /** Answers larger than this are refused (an error page or a runaway body must not exhaust memory). */
  readonly maxResponseBytes?: number;
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Node's fetch (undici) needs `duplex: 'half'` for a streamed request body. */
type StreamingRequestInit = RequestInit & { duplex?: 'half' };

/** Connection errors that prove nothing was sent, so even a write cannot have taken effect. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function findPlatformError(error: unknown): PlatformError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof PlatformError) return current;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return null;
}

/** The abort reason is a DOMException, which is not an `Error` instance in every realm (jest's). */
function isTimeout(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** A thin layer over `fetch`: timeouts, bounded reads, classified errors, JSON parsed defensively. */
export class PlatformHttpClient {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PlatformHttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.clock = options.clock ?? systemClock;
    this.fetchImpl = options.fetch ?? fetch;
  }

  get platform(): SocialPlatform {
    return this.options.platform;
  }

  /** Sends the request; resolves with 2xx answers only, throws a classified `PlatformError` otherwise. */
  async send(request: PlatformRequest): Promise<PlatformResponse> {
    const write = request.write ?? request.method !== 'GET';
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const url = new URL(request.url);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const init: StreamingRequestInit = {
      method: request.method,
      headers: { ...request.headers },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    };
    this.attachBody(init, request.body);

    let response: PlatformResponse;
    try {
      const raw = await this.fetchImpl(url, init);
      response = { status: raw.status, headers: raw.headers, text: await this.readBounded(raw, write) };
    } catch (error) {
      // Our own errors (a media stream over its cap, an oversized answer) may arrive wrapped by fetch.
      const own = findPlatformError(error);
      if (own) throw own;
      throw this.networkError(error, request, url, timeoutMs, write);
    }
    if (response.status >= 200 && response.status < 300) return response;
    const classified = this.options.classify(response, this.clock.now());
    // A 5xx to a write may come after the platform applied it (a gateway timing out behind it).
    return Promise.reject(
      write && classified.kind === 'transient' ? classified.withOutcomeUnknown() : classified,
    );
  }

  /** Sends and parses a JSON answer; a body that is not JSON or lacks a documented field is `transient`. */
  async json<T>(request: PlatformRequest, parse: (body: JsonReader) => T): Promise<T> {
    const response = await this.send(request);
    return this.parse(response, request, parse);
  }

  parse<T>(response: PlatformResponse, request: PlatformRequest, parse: (body: JsonReader) => T): T {
    const write = request.write ?? request.method !== 'GET';
    const where = `${request.method} ${new URL(request.url).pathname}`;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch (error) {
      const excerpt = response.text.slice(0, 80).replace(/\s+/g, ' ');
      throw this.malformed(
        `${where} answered ${response.status} with a body that is not JSON ("${excerpt}")`,
        write,
        response,
        error,
      );
    }
    try {
      return parse(new JsonReader(body));
    } catch (error) {
      if (!(error instanceof ResponseShapeError)) throw error;
      throw this.malformed(
        `${where} answered ${response.status} with an unexpected body: ${error.message}`,
        write,
        response,
        error,
      );
    }
  }

  private malformed(
    reason: string,
    write: boolean,
    response: PlatformResponse,
    cause: unknown,
  ): PlatformError {
    return new PlatformError({
      kind: 'transient',
      platform: this.options.platform,
      reason,
      platformStatus: response.status,
      outcomeUnknown: write,
      cause,
    });
  }

  private attachBody(init: StreamingRequestInit, body: RequestBody | undefined): void {
    if (body === undefined) return;
    const headers = init.headers as Record<string, string>;
    switch (body.kind) {
      case 'json':
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body.value);
        return;
      case 'form':
        headers['content-type'] = 'application/x-www-form-urlencoded';
        init.body = new URLSearchParams(body.fields).toString();
        return;
      case 'multipart':
        init.body = body.form; // fetch writes the boundary into the content type itself
        return;
      case 'text':
        headers['content-type'] = body.contentType;
        init.body = body.value;
        return;
      case 'stream': {
        headers['content-type'] = body.contentType;
        const iterator = body.stream[Symbol.asyncIterator]();
        init.body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const next = await iterator.next();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
          },
          async cancel() {
            await iterator.return?.();
          },
        });
        init.duplex = 'half';
        return;
      }
    }
  }

  private async readBounded(response: Response, write: boolean): Promise<string> {
    if (response.body === null) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxResponseBytes) {
        await reader.cancel();
        throw new PlatformError({
          kind: 'transient',
          platform: this.options.platform,
          reason: `the answer exceeded ${this.maxResponseBytes} bytes and was not read`,
          platformStatus: response.status,
          outcomeUnknown: write,
        });
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private networkError(
    error: unknown,
    request: PlatformRequest,
    url: URL,
    timeoutMs: number,
    write: boolean,
  ): PlatformError {
    const where = `${request.method} ${url.pathname}`;
    if (isTimeout(error)) {
      return new PlatformError({
        kind: 'transient',
        platform: this.options.platform,
        reason: `${where} did not answer within ${timeoutMs} ms`,
        outcomeUnknown: write,
        cause: error,
      });
    }
    const code = errorCode(error);
    const sent = code === null || !NOT_SENT_CODES.has(code);
    return new PlatformError({
      kind: 'transient',
      platform: this.options.platform,
      reason: `${where} failed: ${code ?? (error instanceof Error ? error.message : String(error))}`,
      outcomeUnknown: write && sent,
      cause: error,
    });
  }
}
