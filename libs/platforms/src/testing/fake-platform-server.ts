import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the fake platform received it, kept whole for exact assertions. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly text: string;
  readonly receivedAt: number;
  json(): unknown;
  /** An `application/x-www-form-urlencoded` body as a plain object. */
  form(): Record<string, string>;
  /** A `multipart/form-data` body, parsed by the same WHATWG code fetch uses. */
  multipart(): Promise<FormData>;
}

export interface FakeResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  /** Sent as is (malformed JSON, HTML error pages, Slack's plain `ok`); a stream is sent as it yields. */
  readonly body?: string | Buffer | AsyncIterable<Uint8Array>;
  /** Waits before answering: longer than the client's timeout simulates a hung platform. */
  readonly delayMs?: number;
  /** Closes the connection without answering (a crash or a proxy reset after the request arrived). */
  readonly drop?: boolean;
}

export type FakeHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;
type Scripted = FakeResponse | FakeHandler;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly pattern: string;
  readonly script: Scripted[];
  served: number;
}

function matchPath(segments: readonly string[], path: string): Record<string, string> | null {
  const actual = path.split('/').filter((s) => s !== '');
  if (actual.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].startsWith(':')) params[segments[i].slice(1)] = decodeURIComponent(actual[i]);
    else if (segments[i] !== actual[i]) return null;
  }
  return params;
}

/**
 * A local stand-in for a platform's HTTP API: a plain `node:http` server on an ephemeral port with
 * a route table of scripted answers. Each route serves its answers in order and repeats the last,
 * so "429 then 200" or "pending, in_progress, succeeded" read as one line in a spec.
 */
export class FakePlatformServer {
  readonly requests: RecordedRequest[] = [];
  readonly unmatched: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FakePlatformServer> {
    let fake: FakePlatformServer | null = null;
    const server = createServer((req, res) => {
      if (fake === null) throw new Error('request before the fake server was ready');
      void fake.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakePlatformServer(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Adds (or replaces) the answers of one route; `:name` segments are captured into `params`. */
  on(method: string, pattern: string, ...script: Scripted[]): this {
    if (script.length === 0) throw new Error(`route ${method} ${pattern} needs at least one answer`);
    const index = this.routes.findIndex((r) => r.method === method && r.pattern === pattern);
    const route: Route = {
      method,
      pattern,
      segments: pattern.split('/').filter((s) => s !== ''),
      script,
      served: 0,
    };
    if (index >= 0) this.routes[index] = route;
    else this.routes.push(route);
    return this;
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && matchPath(path.split('/').filter(Boolean), r.path) !== null,
    );
  }

  reset(): void {
    this.routes.length = 0;
    this.requests.length = 0;
    this.unmatched.length = 0;
  }

  async close(): Promise<void> {
    // Scripted delays must not keep the test process alive after the server is gone.
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-body (aborted upload): nothing to record
    }
    const url = new URL(req.url ?? '/', this.url);
    let params: Record<string, string> = {};
    const route = this.routes.find((r) => {
      if (r.method !== req.method) return false;
      const matched = matchPath(r.segments, url.pathname);
      if (matched) params = matched;
      return matched !== null;
    });
    const recorded = this.record(req, url, params, Buffer.concat(chunks));
    this.requests.push(recorded);
    if (!route) {
      this.unmatched.push(recorded);
      await this.reply(res, {
        status: 404,
        json: { error: `no fake route for ${req.method} ${url.pathname}` },
      });
      return;
    }
    const step = route.script[Math.min(route.served, route.script.length - 1)];
    route.served++;
    try {
      await this.reply(res, typeof step === 'function' ? await step(recorded) : step);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake handler failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private record(
    req: IncomingMessage,
    url: URL,
    params: Record<string, string>,
    body: Buffer,
  ): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const text = body.toString('utf8');
    return {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      params,
      body,
      text,
      receivedAt: Date.now(),
      json: () => JSON.parse(text) as unknown,
      form: () => Object.fromEntries(new URLSearchParams(text)),
      multipart: () =>
        new Response(body, { headers: { 'content-type': headers['content-type'] ?? '' } }).formData(),
    };
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async reply(res: ServerResponse, response: FakeResponse): Promise<void> {
    if (response.delayMs !== undefined) await this.wait(response.delayMs);
    if (response.drop) {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { ...response.headers };
    let body: string | Buffer | AsyncIterable<Uint8Array> = '';
    if (response.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(response.json);
    } else if (response.body !== undefined) {
      body = response.body;
    }
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      res.writeHead(response.status ?? 200, headers);
      res.end(body);
      return;
    }
    res.writeHead(response.status ?? 200, headers);
    for await (const chunk of body) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }
}
