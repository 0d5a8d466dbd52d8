import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverAudits } from 'graphql-http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startApi } from '../../apps/api/src/api.bootstrap';
import { captureLogs } from './support/log-capture';

const PASSWORD = 'correct horse battery staple';
const USER_BUDGET = 25;
const AUTH_BUDGET = 3;
const IP_BUDGET_OVER_REDIS = 30;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Booted {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

async function boot(env: Record<string, string> = {}): Promise<Booted> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-e2e-safety-'));
  const app = await startApi(
    {
      HERALD_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_USER_PER_MINUTE: String(USER_BUDGET),
      RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_BUDGET),
      ...env,
    },
    { logDestination: captureLogs().destination },
  );
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Raw HTTP, so a test can choose its source address (127.0.0.x) and see status and headers. */
function post(
  url: string,
  body: unknown,
  options: { token?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        localAddress: options.from,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}
const parse = (response: RawResponse): GraphQLBody => JSON.parse(response.body) as GraphQLBody;
const codeOf = (response: RawResponse): unknown => parse(response).errors?.[0]?.extensions?.code;

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { access { token } } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { access { token } } }`;
const ME = `{ me { userId } }`;

async function register(url: string, email: string, from: string): Promise<string> {
  const response = await post(
    url,
    { query: REGISTER, variables: { input: { email, name: 'Ada', password: PASSWORD } } },
    { from },
  );
  const token = (parse(response).data?.register as { access?: { token?: string } } | undefined)?.access
    ?.token;
  if (!token) throw new Error(`register failed: ${response.body}`);
  return token;
}

describe('GraphQL safety: HTTP conformance, size, cost and rate limits (memory)', () => {
  let api: Booted;
  beforeAll(async () => {
    api = await boot();
  });
  afterAll(() => api.close());

  describe('GraphQL-over-HTTP (graphql-http server audits)', () => {
    const audits = serverAudits({ url: () => api.url });
    it.each(audits.filter((audit) => audit.name.startsWith('MUST')).map((audit) => [audit.name, audit]))(
      '%s',
      async (_name, audit) => {
        const result = await audit.fn();
        expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
      },
    );

    it('reports which SHOULD audits fail (not required by the spec)', async () => {
      const failures: string[] = [];
      for (const audit of audits.filter((candidate) => candidate.name.startsWith('SHOULD'))) {
        const result = await audit.fn();
        if (result.status !== 'ok') failures.push(`${audit.id} ${audit.name}: ${result.reason}`);
      }
      if (failures.length > 0) console.warn(`SHOULD audits failing:\n${failures.join('\n')}`);
      expect(failures.length).toBeLessThan(audits.length);
    });
  });

  it('refuses a body over 100 kB with 413 and a JSON error, before parsing it', async () => {
    const query = `{ serverInfo { name } } # ${'x'.repeat(110_000)}`;
    const response = await post(api.url, { query });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(codeOf(response)).toBe('AUTH.REQUEST_TOO_LARGE');
  });

  it('refuses batched requests', async () => {
    const response = await post(api.url, [
      { query: '{ serverInfo { name } }' },
      { query: '{ serverInfo { name } }' },
    ]);
    expect(response.status).toBe(400);
    expect(response.body).not.toContain('"serverInfo"');
  });

  it('refuses a document nested deeper than the depth limit', async () => {
    const nested = `{ a ${'{ a '.repeat(12)}${'} '.repeat(12)}}`;
    const response = await post(api.url, { query: nested });
    expect(response.status).toBe(400);
    expect(parse(response).errors?.map((error) => error.extensions?.code)).toContain(
      'AUTH.QUERY_TOO_COMPLEX',
    );
  });

  it('prices list fields by their page size and refuses an operation above the maximum cost', async () => {
    const token = await register(api.url, 'cost@example.com', '127.0.0.9');
    const page = (alias: number, limit: number): string =>
      `p${alias}: posts(limit: ${limit}) { items { id text status } nextCursor }`;
    const cheap = await post(api.url, { query: `{ ${page(0, 100)} }` }, { token, from: '127.0.0.9' });
    // Past the price check, the access guard answers (no organization yet): the page was admitted.
    expect(codeOf(cheap)).toBe('AUTH.ORGANIZATION_REQUIRED');

    const heavy = `{ ${Array.from({ length: 13 }, (_, i) => page(i, 100)).join(' ')} }`;
    const refused = await post(api.url, { query: heavy }, { token, from: '127.0.0.9' });
    expect(refused.status).toBe(400);
    expect(codeOf(refused)).toBe('AUTH.QUERY_TOO_COMPLEX');
    expect(parse(refused).errors?.[0]?.extensions?.details).toMatchObject({ maxCost: 5000 });

    const viaVariable = await post(
      api.url,
      { query: 'query ($n: Int!) { posts(limit: $n) { items { id } } }', variables: { n: 1_000_000 } },
      { token, from: '127.0.0.9' },
    );
    expect(codeOf(viaVariable)).toBe('AUTH.QUERY_TOO_COMPLEX');
  });

  it('limits each signed-in user, answering RATE_LIMIT.EXCEEDED with Retry-After', async () => {
    const token = await register(api.url, 'busy@example.com', '127.0.0.10');
    for (let i = 0; i < USER_BUDGET; i++) {
      const response = await post(api.url, { query: ME }, { token, from: '127.0.0.10' });
      expect(parse(response).errors).toBeUndefined();
    }
    const refused = await post(api.url, { query: ME }, { token, from: '127.0.0.11' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const error = parse(refused).errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'RATE_LIMIT.EXCEEDED', httpStatus: 429 });
    expect(error?.extensions?.retryAfterSeconds).toBe(Number(refused.headers['retry-after']));
    expect(refused.body).not.toContain('busy@example.com');
  });

  it('limits sign-in attempts per IP address, whatever the email', async () => {
    const attempt = (n: number): Promise<RawResponse> =>
      post(
        api.url,
        { query: LOGIN, variables: { input: { email: `nobody${n}@example.com`, password: PASSWORD } } },
        { from: '127.0.0.20' },
      );
    for (let n = 0; n < AUTH_BUDGET; n++) expect(codeOf(await attempt(n))).toBe('AUTH.INVALID_CREDENTIALS');
    const refused = await attempt(99);
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMIT.EXCEEDED');
    // Another address still signs in.
    const other = await post(
      api.url,
      { query: LOGIN, variables: { input: { email: 'nobody0@example.com', password: PASSWORD } } },
      { from: '127.0.0.21' },
    );
    expect(codeOf(other)).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('limits sign-in attempts per email address across IP addresses', async () => {
    const attempt = (from: string, email = 'Target@Example.com'): Promise<RawResponse> =>
      post(api.url, { query: LOGIN, variables: { input: { email, password: 'wrong password!' } } }, { from });
    for (let n = 0; n < AUTH_BUDGET; n++)
      expect(codeOf(await attempt(`127.0.1.${n + 1}`))).toBe('AUTH.INVALID_CREDENTIALS');
    expect(codeOf(await attempt('127.0.1.50', ' target@example.com'))).toBe('RATE_LIMIT.EXCEEDED');
  });
});

/** REDIS_URL, else a private redis-server on a free port; null (reported loudly) when neither exists. */
function redisSource(): { url: string } | { binary: string } | null {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL };
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? { binary: found.stdout.trim() } : null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(binary: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(binary, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

const redisTarget = redisSource();
if (redisTarget === null) {
  const text =
    '\n*** GraphQL rate limits over Redis NOT RUN: REDIS_URL is not set and redis-server is not installed.\n';
  process.stderr.write(text);
  console.warn(text);
}

(redisTarget === null ? describe.skip : describe)(
  'GraphQL rate limits shared by replicas through Redis',
  () => {
    let server: ChildProcess | null = null;
    const replicas: Booted[] = [];
    beforeAll(async () => {
      let url: string;
      if (redisTarget !== null && 'url' in redisTarget) url = redisTarget.url;
      else {
        const started = await startRedis((redisTarget as { binary: string }).binary);
        server = started.process;
        url = started.url;
      }
      const env = { CACHE: 'redis', REDIS_URL: url, RATE_LIMIT_IP_PER_MINUTE: String(IP_BUDGET_OVER_REDIS) };
      replicas.push(await boot(env), await boot(env));
    }, 60_000);
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
      server?.kill();
    });

    it('counts one client address across two API replicas and refuses the call over the budget', async () => {
      const [a, b] = replicas;
      for (let i = 0; i < IP_BUDGET_OVER_REDIS; i++) {
        const response = await post(
          i % 2 === 0 ? a.url : b.url,
          { query: '{ serverInfo { name } }' },
          { from: '127.0.2.1' },
        );
        expect(parse(response).errors).toBeUndefined();
      }
      const refused = await post(b.url, { query: '{ serverInfo { name } }' }, { from: '127.0.2.1' });
      expect(refused.status).toBe(429);
      expect(codeOf(refused)).toBe('RATE_LIMIT.EXCEEDED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('limits a signed-in user in Redis whatever address they call from', async () => {
      const [a] = replicas;
      const token = await register(a.url, `redis-user-${Date.now()}@example.com`, '127.0.4.1');
      // Register counted one operation on no user; every call below comes from a fresh address.
      for (let i = 0; i < USER_BUDGET; i++) {
        const response = await post(a.url, { query: ME }, { token, from: `127.0.4.${i + 2}` });
        expect(parse(response).errors).toBeUndefined();
      }
      const refused = await post(a.url, { query: ME }, { token, from: '127.0.4.200' });
      expect(codeOf(refused)).toBe('RATE_LIMIT.EXCEEDED');
    });

    it('counts sign-in attempts per email across replicas', async () => {
      const [a, b] = replicas;
      const email = `guess-${Date.now()}@example.com`;
      const attempt = (url: string, from: string): Promise<RawResponse> =>
        post(url, { query: LOGIN, variables: { input: { email, password: 'wrong password!' } } }, { from });
      for (let n = 0; n < AUTH_BUDGET; n++)
        expect(codeOf(await attempt(n % 2 === 0 ? a.url : b.url, `127.0.3.${n + 1}`))).toBe(
          'AUTH.INVALID_CREDENTIALS',
        );
      expect(codeOf(await attempt(b.url, '127.0.3.99'))).toBe('RATE_LIMIT.EXCEEDED');
    });
  },
);
