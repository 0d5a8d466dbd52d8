import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { isUuidV7 } from '../ids/ids';
import type { LogLevel } from '../config/herald-config';
import { heraldPinoHttpOptions, REDACTED } from './logger-options';
import { requestIdFrom } from './request-id';

type LogLine = Record<string, unknown> & { req?: { headers: Record<string, string> }; msg?: string };

/** A real HTTP server logging through pino-http with Herald's options, capturing JSON lines. */
async function startLoggedServer(
  logLevel: LogLevel,
): Promise<{ url: string; lines: LogLine[]; server: Server }> {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as LogLine);
      done();
    },
  });
  const logger = pinoHttp(heraldPinoHttpOptions({ logLevel, mode: 'embedded' }, 'api'), destination);
  const server = createServer((request, response) => {
    logger(request, response);
    request.log.warn(
      { input: { email: 'a@example.com', password: 'hunter2' }, refreshToken: 'rt-1' },
      'handled',
    );
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines, server };
}

describe(heraldPinoHttpOptions.name, () => {
  let sut: Awaited<ReturnType<typeof startLoggedServer>>;

  afterEach(async () => {
    await new Promise((resolve) => sut.server.close(resolve));
  });

  it('keeps the caller request id, echoes it, and stamps every line of the request with it', async () => {
    sut = await startLoggedServer('info');
    const response = await fetch(`${sut.url}/graphql`, { headers: { 'x-request-id': 'trace-42' } });
    await response.text();
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    const handled = sut.lines.find((line) => line.msg === 'handled');
    const completed = sut.lines.find((line) => line.msg === 'request completed');
    expect(handled?.requestId).toBe('trace-42');
    expect(completed?.requestId).toBe('trace-42');
    expect(completed).toMatchObject({ service: 'herald-api', mode: 'embedded' });
  });

  it('generates a UUIDv7 request id when the caller sends none', async () => {
    sut = await startLoggedServer('info');
    const response = await fetch(`${sut.url}/graphql`);
    await response.text();
    const id = response.headers.get('x-request-id') ?? '';
    expect(isUuidV7(id)).toBe(true);
    expect(sut.lines.find((line) => line.msg === 'handled')?.requestId).toBe(id);
  });

  it('redacts credentials in headers and in logged objects', async () => {
    sut = await startLoggedServer('info');
    await (
      await fetch(`${sut.url}/graphql`, {
        headers: { authorization: 'Bearer secret-token', cookie: 'session=abc', 'x-api-key': 'hk_1' },
      })
    ).text();
    const handled = sut.lines.find((line) => line.msg === 'handled');
    const completed = sut.lines.find((line) => line.msg === 'request completed');
    expect(completed?.req?.headers).toMatchObject({
      authorization: REDACTED,
      cookie: REDACTED,
      'x-api-key': REDACTED,
    });
    expect(handled?.input).toEqual({ email: 'a@example.com', password: REDACTED });
    expect(handled?.refreshToken).toBe(REDACTED);
    expect(JSON.stringify(sut.lines)).not.toMatch(/secret-token|session=abc|hunter2|rt-1|hk_1/);
  });

  it('does not log health probes, and honours the level', async () => {
    sut = await startLoggedServer('warn');
    await (await fetch(`${sut.url}/health/live`)).text();
    await (await fetch(`${sut.url}/graphql`)).text();
    expect(sut.lines.map((line) => line.msg)).toEqual(['handled', 'handled']);
  });
});

describe(requestIdFrom.name, () => {
  const fixed = { next: () => 'generated' };

  it.each([
    ['a plain token', 'abc-123_x.y:z', 'abc-123_x.y:z'],
    ['the first of repeated headers', ['first', 'second'], 'first'],
    ['a line break (log forging)', 'abc\n{"level":60}', 'generated'],
    ['spaces', 'a b', 'generated'],
    ['an over-long value', 'x'.repeat(129), 'generated'],
    ['nothing', undefined, 'generated'],
  ])('with %s', (_case, header, expected) => {
    expect(requestIdFrom(header, fixed)).toBe(expected);
  });
});
