import { FixedClock } from '@herald/shared-kernel';
import { PlatformError, kindForStatus } from '../platform-error';
import { FakePlatformServer } from '../testing';
import { PlatformHttpClient, type PlatformResponse } from './platform-http-client';
import { graphUsage, retryAfterFromEpochSeconds, retryAfterFromHeader } from './rate-limit-headers';

const now = new Date('2026-11-24T10:00:00.000Z');

const classify = (response: PlatformResponse): PlatformError =>
  new PlatformError({
    kind: kindForStatus(response.status),
    platform: 'x',
    reason: `status ${response.status}`,
    platformStatus: response.status,
  });

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('expected a PlatformError');
}

describe(PlatformHttpClient.name, () => {
  let server: FakePlatformServer;
  let sut: PlatformHttpClient;

  beforeAll(async () => {
    server = await FakePlatformServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    sut = new PlatformHttpClient({ platform: 'x', classify, timeoutMs: 2_000, clock: new FixedClock(now) });
  });

  it('sends query, headers and a JSON body exactly, and parses the answer', async () => {
    server.on('POST', '/things/:id', { status: 201, json: { data: { id: 42, name: 'n' } } });
    const result = await sut.json(
      {
        method: 'POST',
        url: `${server.url}/things/7`,
        query: { a: 'x y', skipped: undefined, n: 3 },
        headers: { authorization: 'Bearer t' },
        body: { kind: 'json', value: { hello: 'world' } },
      },
      (body) => ({ id: body.at('data').string('id'), name: body.at('data').string('name') }),
    );
    expect(result).toEqual({ id: '42', name: 'n' });
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/things/7',
      query: { a: 'x y', n: '3' },
      params: { id: '7' },
    });
    expect(request.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json' });
    expect(request.json()).toEqual({ hello: 'world' });
  });

  it('classifies a body that is not JSON as transient, says so, and flags a write as possibly applied', async () => {
    server.on('POST', '/p', { status: 200, body: '<html>Bad gateway</html>' });
    server.on('GET', '/g', { status: 200, body: '{"data": ' });
    const write = await failure(sut.json({ method: 'POST', url: `${server.url}/p` }, (b) => b.string('id')));
    expect(write.kind).toBe('transient');
    expect(write.reason).toBe(
      'POST /p answered 200 with a body that is not JSON ("<html>Bad gateway</html>")',
    );
    expect(write.outcomeUnknown).toBe(true);
    const read = await failure(sut.json({ method: 'GET', url: `${server.url}/g` }, (b) => b.string('id')));
    expect(read.outcomeUnknown).toBe(false);
  });

  it('names the missing field when the JSON lacks what the documentation promises', async () => {
    server.on('GET', '/g', { json: { data: { name: 'x' } } });
    const error = await failure(
      sut.json({ method: 'GET', url: `${server.url}/g` }, (b) => b.at('data').string('id')),
    );
    expect(error.reason).toBe('GET /g answered 200 with an unexpected body: expected a string at data.id');
  });

  it('times out with the configured limit; a timed-out write may have been applied', async () => {
    server.on('POST', '/slow', { delayMs: 5_000, json: {} });
    server.on('GET', '/slow', { delayMs: 5_000, json: {} });
    const fast = new PlatformHttpClient({ platform: 'x', classify, timeoutMs: 300 });
    const started = Date.now();
    const write = await failure(fast.send({ method: 'POST', url: `${server.url}/slow` }));
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(write).toMatchObject({ kind: 'transient', outcomeUnknown: true, platformStatus: null });
    expect(write.reason).toBe('POST /slow did not answer within 300 ms');
    const read = await failure(fast.send({ method: 'GET', url: `${server.url}/slow`, timeoutMs: 100 }));
    expect(read).toMatchObject({ kind: 'transient', outcomeUnknown: false });
    expect(read.reason).toBe('GET /slow did not answer within 100 ms');
  });

  it('passes non-2xx answers to the platform classifier; a 5xx to a write is marked outcome unknown', async () => {
    server.on('POST', '/e', { status: 503, body: 'down' });
    server.on('GET', '/e', { status: 401, json: {} });
    expect(await failure(sut.send({ method: 'POST', url: `${server.url}/e` }))).toMatchObject({
      kind: 'transient',
      platformStatus: 503,
      outcomeUnknown: true,
    });
    expect(await failure(sut.send({ method: 'GET', url: `${server.url}/e` }))).toMatchObject({
      kind: 'needs_refresh',
      outcomeUnknown: false,
    });
  });

  it('tells a refused connection (nothing sent) from a dropped one (maybe applied)', async () => {
    const closed = await FakePlatformServer.start();
    const deadUrl = closed.url;
    await closed.close();
    const refused = await failure(sut.send({ method: 'POST', url: `${deadUrl}/x` }));
    expect(refused).toMatchObject({ kind: 'transient', outcomeUnknown: false });
    expect(refused.reason).toBe('POST /x failed: ECONNREFUSED');

    server.on('POST', '/drop', { drop: true });
    const dropped = await failure(sut.send({ method: 'POST', url: `${server.url}/drop` }));
    expect(dropped).toMatchObject({ kind: 'transient', outcomeUnknown: true });
  });

  it('refuses to read an answer larger than its cap', async () => {
    const small = new PlatformHttpClient({ platform: 'x', classify, maxResponseBytes: 1024 });
    server.on('GET', '/big', { body: 'x'.repeat(10_000) });
    const error = await failure(small.send({ method: 'GET', url: `${server.url}/big` }));
    expect(error.reason).toBe('the answer exceeded 1024 bytes and was not read');
  });

  it('streams a body with chunked transfer encoding', async () => {
    server.on('PUT', '/upload', { status: 204 });
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('hello ');
      yield Buffer.from('world');
    }
    await sut.send({
      method: 'PUT',
      url: `${server.url}/upload`,
      body: { kind: 'stream', stream: parts(), contentType: 'application/octet-stream' },
    });
    expect(server.requests[0].headers['transfer-encoding']).toBe('chunked');
    expect(server.requests[0].text).toBe('hello world');
  });

  it('does not follow redirects (a platform answering 3xx to an API call is an error, not a hop)', async () => {
    server.on('GET', '/moved', { status: 302, headers: { location: 'http://127.0.0.1:1/' } });
    expect(await failure(sut.send({ method: 'GET', url: `${server.url}/moved` }))).toMatchObject({
      kind: 'rejected',
      platformStatus: 302,
    });
  });
});

describe('rate-limit headers', () => {
  it('reads Retry-After as seconds or as an HTTP date, never negative', () => {
    expect(retryAfterFromHeader('120', now)).toBe(120_000);
    expect(retryAfterFromHeader('Tue, 24 Nov 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(retryAfterFromHeader('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterFromHeader('soon', now)).toBeNull();
    expect(retryAfterFromHeader('-5', now)).toBeNull();
    expect(retryAfterFromHeader(null, now)).toBeNull();
  });

  it('reads epoch-second resets', () => {
    expect(retryAfterFromEpochSeconds(String(now.getTime() / 1000 + 900), now)).toBe(900_000);
    expect(retryAfterFromEpochSeconds('abc', now)).toBeNull();
  });

  it('reads Graph usage headers, taking the longest regain time of any business use case', () => {
    const headers = new Headers({
      'x-app-usage': '{"call_count":12,"total_time":5,"total_cputime":3}',
      'x-business-use-case-usage': JSON.stringify({
        '123': [
          {
            type: 'pages',
            call_count: 100,
            total_cputime: 20,
            total_time: 20,
            estimated_time_to_regain_access: 7,
          },
          {
            type: 'pages',
            call_count: 40,
            total_cputime: 2,
            total_time: 2,
            estimated_time_to_regain_access: 0,
          },
        ],
      }),
    });
    expect(graphUsage(headers)).toEqual({ maxPercent: 100, regainAccessMs: 7 * 60_000 });
    expect(graphUsage(new Headers({ 'x-app-usage': 'not json' }))).toEqual({
      maxPercent: null,
      regainAccessMs: null,
    });
  });
});
