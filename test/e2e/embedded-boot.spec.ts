import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EVENT_STORE, type EventStore, type NewEvent } from '@herald/event-store';
import { isHeraldError, loadConfig, uuidV7Generator } from '@herald/shared-kernel';
import { createApiApp, startApi } from '../../apps/api/src/api.bootstrap';
import { SCHEMA_FILE } from '../../apps/api/src/infrastructure/graphql.module';
import { runOrExit } from '../../apps/api/src/process/run-or-exit';
import { queryGraphQL } from './support/graphql-client';
import { captureLogs, type LogLine } from './support/log-capture';

const SERVER_INFO = `query { serverInfo { name version mode startedAt eventStore { adapter headPosition } } }`;

interface ServerInfoData {
  serverInfo: {
    name: string;
    version: string;
    mode: string;
    startedAt: string;
    eventStore: { adapter: string; headPosition: number };
  };
}

const packageVersion = (
  JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

function newEvent(data: Record<string, unknown>, personalFields: NewEvent['personalFields'] = []): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type: 'boot.checked',
    schemaVersion: 1,
    data,
    personalFields,
    metadata: {
      tenantId: null,
      actor: { kind: 'system', id: 'embedded-boot-spec' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      subjectIds: personalFields.map((field) => field.subjectId),
    },
  };
}

/** Boots the API exactly as `npm start` does, on a free port with its own data directory. */
async function bootEmbedded(): Promise<{
  app: NestExpressApplication;
  baseUrl: string;
  dataDir: string;
  logs: LogLine[];
}> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-e2e-'));
  const { destination, lines } = captureLogs();
  const app = await startApi(
    { HERALD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    { logDestination: destination },
  );
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, dataDir, logs: lines };
}

describe('embedded boot (npm start)', () => {
  let sut: Awaited<ReturnType<typeof bootEmbedded>>;
  const bootedAt = new Date();

  beforeAll(async () => {
    sut = await bootEmbedded();
  });

  afterAll(async () => {
    await sut.app.close();
    rmSync(sut.dataDir, { recursive: true, force: true });
  });

  it('answers liveness with the request id echoed', async () => {
    const response = await fetch(`${sut.baseUrl}/health/live`, { headers: { 'x-request-id': 'probe-1' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toBe('probe-1');
  });

  it('is ready once configuration is loaded and the event store answers', async () => {
    const response = await fetch(`${sut.baseUrl}/health/ready`);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { config: { status: 'up' }, eventStore: { status: 'up' } },
    });
    expect(response.status).toBe(200);
  });

  it('serves serverInfo over GraphQL', async () => {
    const result = await queryGraphQL<ServerInfoData>(`${sut.baseUrl}/graphql`, SERVER_INFO);
    expect(result.errors).toBeUndefined();
    expect(result.data?.serverInfo).toEqual({
      name: 'herald',
      version: packageVersion,
      mode: 'embedded',
      startedAt: expect.any(String),
      eventStore: { adapter: 'sqlite', headPosition: 0 },
    });
    const startedAt = new Date(result.data?.serverInfo.startedAt ?? '');
    expect(startedAt.getTime()).toBeGreaterThanOrEqual(bootedAt.getTime() - 1000);
    expect(startedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('reports the head of the durable log it appends to, with personal data encrypted on disk', async () => {
    const store = sut.app.get<EventStore>(EVENT_STORE);
    const subjectId = uuidV7Generator.next();
    const streamId = `bootCheck-${uuidV7Generator.next()}`;
    await store.append(
      streamId,
      [newEvent({ email: 'ada@example.com' }, [{ path: 'email', subjectId }]), newEvent({ step: 2 })],
      { expectedRevision: 'no_stream' },
    );

    const result = await queryGraphQL<ServerInfoData>(`${sut.baseUrl}/graphql`, SERVER_INFO);
    expect(result.data?.serverInfo.eventStore.headPosition).toBe(2);
    expect((await store.readStream(streamId))[0].data).toEqual({ email: 'ada@example.com' });
    const onDisk = readdirSync(sut.dataDir)
      .filter((file) => file.startsWith('events.db'))
      .map((file) => readFileSync(path.join(sut.dataDir, file)).toString('latin1'))
      .join('');
    expect(onDisk).toContain(streamId);
    expect(onDisk).not.toContain('ada@example.com');
  });

  it('keeps its files in the data directory, the master key readable by its owner only', () => {
    expect(existsSync(path.join(sut.dataDir, 'events.db'))).toBe(true);
    expect(existsSync(path.join(sut.dataDir, 'keys.db'))).toBe(true);
    expect(statSync(path.join(sut.dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(
      sut.logs.some((line) => line.level === 40 && /generated a master key/.test(String(line.msg))),
    ).toBe(true);
  });

  it('writes the sorted code-first schema', () => {
    const schema = readFileSync(path.resolve(__dirname, '../..', SCHEMA_FILE), 'utf8');
    expect(schema).toMatch(/type Query \{[^}]*serverInfo: ServerInfo!/);
    expect(schema).toMatch(/type EventStoreInfo \{\s+"""[^"]+"""\s+adapter: String!/);
  });

  it('logs JSON lines with the request id of the request', async () => {
    await queryGraphQL(`${sut.baseUrl}/graphql`, SERVER_INFO, undefined, { 'x-request-id': 'gql-7' });
    const completed = sut.logs.find((line) => line.requestId === 'gql-7' && line.msg === 'request completed');
    expect(completed).toMatchObject({ service: 'herald-api', mode: 'embedded' });
  });
});

describe('readiness and shutdown', () => {
  it('answers 503 naming the failing check while liveness stays 200', async () => {
    const sut = await bootEmbedded();
    try {
      const store = sut.app.get<EventStore>(EVENT_STORE);
      await store.close();
      const response = await fetch(`${sut.baseUrl}/health/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'error',
        checks: {
          config: { status: 'up' },
          eventStore: { status: 'down', error: expect.stringMatching(/closed/) },
        },
      });
      expect((await fetch(`${sut.baseUrl}/health/live`)).status).toBe(200);
    } finally {
      await sut.app.close();
      rmSync(sut.dataDir, { recursive: true, force: true });
    }
  });

  it('closes the event store when the app closes', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-e2e-'));
    const { destination, lines } = captureLogs();
    const app = await createApiApp(loadConfig({ HERALD_DATA_DIR: dataDir }), { logDestination: destination });
    await app.init();
    const store = app.get<EventStore>(EVENT_STORE);
    await app.close();
    await expect(store.headPosition()).rejects.toMatchObject({ code: 'EVENT_STORE.CLOSED' });
    expect(lines.some((line) => line.msg === 'event store (sqlite) closed')).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('bad configuration', () => {
  it('stops start-up with CONFIG.INVALID naming the variable, before opening anything', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'herald-e2e-')), 'data');
    let caught: unknown;
    await startApi({ PORT: 'abc', HERALD_DATA_DIR: dataDir }).catch((error: unknown) => {
      caught = error;
    });
    expect(isHeraldError(caught, 'CONFIG.INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(/PORT must be an integer from 0 to 65535 \(got "abc"\)/);
    expect(existsSync(dataDir)).toBe(false);
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('exits non-zero with the message on stderr', async () => {
    const written: string[] = [];
    const exits: number[] = [];
    await runOrExit(() => startApi({ PORT: 'abc', HERALD_MODE: 'production' }), {
      stderr: { write: (text: string) => written.push(text) },
      exit: (code: number) => exits.push(code),
    });
    expect(exits).toEqual([1]);
    const message = written.join('');
    expect(message).toMatch(/^CONFIG\.INVALID: Invalid configuration:/);
    expect(message).toMatch(/PORT must be an integer/);
    expect(message).toMatch(/EVENTSTORE_CONNECTION_STRING is required/);
  });
});
