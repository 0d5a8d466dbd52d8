import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@herald/event-store';
import { FakePlatformServer, type FakeResponse, type RecordedRequest } from '@herald/platforms';
import { postStreamId } from '@herald/posts';
import { OUTCOME_UNKNOWN_REASON } from '../target-reconciler';
import { until } from '../test/publisher-harness';
import { FAULT_X_USER_ID, type PublisherProcessConfig } from './support/publisher-process.config';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../../../../../..');
const CHILD = join(__dirname, 'support', 'publisher-process.ts');

/** One worker process running the publisher saga on the files in `dir`. */
class Worker {
  readonly lines: string[] = [];
  private readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    child.stderr?.on('data', (chunk: Buffer) => this.lines.push(`STDERR ${chunk.toString('utf8')}`));
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
  }

  static start(config: PublisherProcessConfig): Worker {
    return new Worker(
      spawn(process.execPath, ['-r', join(ROOT, 'scripts', 'swc-register.cjs'), CHILD], {
        cwd: ROOT,
        env: { ...process.env, HERALD_FAULT_CONFIG: JSON.stringify(config) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  async line(prefix: string): Promise<unknown> {
    await until(
      () => this.lines.some((l) => l.startsWith(`${prefix} `) || l.startsWith('FATAL ')),
      `the worker to say ${prefix}\n${this.lines.join('\n')}`,
      60_000,
    );
    const found = this.lines.find((l) => l.startsWith(`${prefix} `) || l.startsWith('FATAL '));
    if (found === undefined || found.startsWith('FATAL ')) throw new Error(`worker failed:\n${this.lines.join('\n')}`);
    return JSON.parse(found.slice(prefix.length + 1)) as unknown;
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

/**
 * Fault: the worker is killed with SIGKILL after the platform received the publish request and
 * before the worker recorded its outcome (the receiver holds its answer). A restarted worker must
 * not send the post again: where the platform can be asked (X) it finds the post and records it
 * as published; where it cannot (a generic webhook) it records the attempt as failed for a
 * person to check (`outcome_unknown`), still without a second delivery.
 */
describe('publisher: worker killed between the platform call and recording the outcome', () => {
  let dir: string;
  let server: FakePlatformServer;
  let store: SqliteEventStore | null = null;
  const workers: Worker[] = [];
  const held: (() => void)[] = [];

  /** Records the request and never answers while the worker lives. */
  const hold = (): Promise<FakeResponse> =>
    new Promise((answer) => held.push(() => answer({ status: 200, json: { id: 'too-late' } })));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-kill-'));
    server = await FakePlatformServer.start();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.kill('SIGKILL');
    for (const answer of held.splice(0)) answer();
    await server.close();
    await store?.close();
    store = null;
    rmSync(dir, { recursive: true, force: true });
  });

  function config(schedule: PublisherProcessConfig['schedule']): PublisherProcessConfig {
    return {
      dir,
      masterKeyHex: masterKey,
      webhookBaseUrl: server.url,
      xBaseUrl: server.url,
      reconcileAfterMs: 300,
      schedule,
    };
  }
  let masterKey = '';

  async function startWorker(schedule: PublisherProcessConfig['schedule']): Promise<Worker> {
    const worker = Worker.start(config(schedule));
    workers.push(worker);
    await worker.line('READY');
    return worker;
  }

  async function events(postId: string): Promise<RecordedEvent[]> {
    store ??= await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    return store.readStream(postStreamId(postId));
  }
  const ofType = (list: readonly RecordedEvent[], type: string) => list.filter((e) => e.type === type);
  const posted = (path: string): RecordedRequest[] => server.requestsTo('POST', path);

  beforeEach(() => {
    masterKey = randomBytes(32).toString('hex');
  });

  it('webhook targets: exactly one delivery each, then an outcome_unknown failure for a person', async () => {
    server.on('POST', '/hook/:n', hold);
    const first = await startWorker({ targets: ['webhook', 'webhook'], text: 'Kill me mid-call', inMs: 1_500 });
    const { postId } = (await first.line('SCHEDULED')) as { postId: string };
    await until(
      () => posted('/hook/:n').length === 2,
      `both targets to receive the post (got ${posted('/hook/:n').length})\n${first.lines.join('\n')}`,
      60_000,
    );
    await first.kill('SIGKILL');

    const before = await events(postId);
    expect(ofType(before, 'post.publishAttemptStarted')).toHaveLength(2);
    expect(before.filter((e) => /publish(Succeeded|AttemptFailed|FailedFinally)/.test(e.type))).toEqual([]);
    const keys = posted('/hook/:n').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(2);

    server.on('POST', '/hook/:n', { status: 200, json: { id: 'second-delivery' } });
    await startWorker(null);
    await until(
      async () => ofType(await events(postId), 'post.publishFailedFinally').length === 2,
      'both attempts to be settled',
      60_000,
    );
    const finals = ofType(await events(postId), 'post.publishFailedFinally').map(
      (e) => (e.data as { reason: string }).reason,
    );
    for (const reason of finals) expect(reason.startsWith(`${OUTCOME_UNKNOWN_REASON}:`)).toBe(true);
    expect(ofType(await events(postId), 'post.publishSucceeded')).toEqual([]);
    expect(posted('/hook/0')).toHaveLength(1);
    expect(posted('/hook/1')).toHaveLength(1);
  });

  it('X: reconciliation finds the post and records it as published without calling again', async () => {
    const text = 'Killed after the tweet went out';
    server.on('POST', '/2/tweets', hold);
    server.on('GET', '/2/users/:id/tweets', () => {
      const sent = posted('/2/tweets');
      return {
        json:
          sent.length === 0
            ? { meta: { result_count: 0 } }
            : { data: [{ id: '1900000000000000001', text, created_at: new Date(sent[0].receivedAt).toISOString() }] },
      };
    });
    const first = await startWorker({ targets: ['x'], text, inMs: 1_500 });
    const { postId } = (await first.line('SCHEDULED')) as { postId: string };
    await until(
      () => posted('/2/tweets').length === 1,
      `X to receive the tweet\n${first.lines.join('\n')}`,
      60_000,
    );
    await first.kill('SIGKILL');
    expect(ofType(await events(postId), 'post.publishAttemptStarted')).toHaveLength(1);
    expect(ofType(await events(postId), 'post.publishSucceeded')).toEqual([]);

    await startWorker(null);
    await until(
      async () => ofType(await events(postId), 'post.publishSucceeded').length === 1,
      'the attempt to be reconciled',
      60_000,
    );
    const [attempt] = ofType(await events(postId), 'post.publishAttemptStarted');
    expect(ofType(await events(postId), 'post.publishSucceeded').map((e) => e.data)).toEqual([
      expect.objectContaining({
        attemptId: (attempt.data as { attemptId: string }).attemptId,
        platformPostId: '1900000000000000001',
      }),
    ]);
    expect(posted('/2/tweets')).toHaveLength(1);
    expect(server.requestsTo('GET', `/2/users/${FAULT_X_USER_ID}/tweets`).length).toBeGreaterThan(0);
  });
});
