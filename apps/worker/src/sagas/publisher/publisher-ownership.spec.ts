import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import {
  connectRedisCoordination,
  MemoryLeaseManager,
  type Coordination,
  type LeaseManager,
} from '@herald/coordination';
import { PublisherSaga } from './publisher.saga';
import { PublisherHarness } from './test/publisher-harness';

const MINUTE = 60_000;

/** Two replicas race for the same due post; the platform must be called exactly once. */
async function race(h: PublisherHarness, leases: [LeaseManager, LeaseManager]): Promise<string> {
  // A slow platform keeps the first call open while the second replica tries.
  h.platform.on('POST', '/hook', { status: 200, json: { id: 'only-once' }, delayMs: 300 });
  const replicas = await Promise.all(leases.map((lease) => h.saga({ leases: lease })));
  const accountId = await h.connectWebhook();
  const postId = await h.schedulePost({
    at: new Date(h.clock.now().getTime() + MINUTE),
    targets: [{ accountId, platform: 'webhook' }],
  });
  for (const replica of replicas) await h.untilTimerCurrent(replica, postId);
  h.fixedClock.advance(MINUTE);
  await Promise.all(replicas.map((replica) => replica.runDue()));
  await Promise.all(replicas.map((replica) => replica.runDue()));
  return postId;
}

async function expectPublishedOnce(h: PublisherHarness, postId: string): Promise<void> {
  expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
  expect(await h.eventsOf(postId, 'post.publishAttemptStarted')).toHaveLength(1);
  expect(await h.eventsOf(postId, 'post.publishSucceeded')).toEqual([
    expect.objectContaining({ platformPostId: 'only-once' }),
  ]);
}

describe(`${PublisherSaga.name} ownership`, () => {
  let h: PublisherHarness;

  beforeEach(async () => {
    h = await PublisherHarness.start();
  });
  afterEach(async () => {
    await h.close();
  });

  it('gives a due post to exactly one replica (shared memory leases)', async () => {
    const shared = new MemoryLeaseManager(h.clock);
    await expectPublishedOnce(h, await race(h, [shared, shared]));
  });

  it('still calls the platform once when the leases fail to exclude (the decider fences the attempt)', async () => {
    const postId = await race(h, [new MemoryLeaseManager(h.clock), new MemoryLeaseManager(h.clock)]);
    await expectPublishedOnce(h, postId);
  });

  describe('with Redis leases', () => {
    const redis = useRedis();

    it('gives a due post to exactly one replica', async () => {
      const url = redis.url();
      if (url === null) {
        process.stderr.write('\n*** Redis lease race NOT RUN: set REDIS_URL or install redis-server.\n');
        return;
      }
      const keyPrefix = `herald-test:publisher:${process.pid}-${Date.now().toString(36)}:`;
      const a: Coordination = await connectRedisCoordination({ url, keyPrefix });
      const b: Coordination = await connectRedisCoordination({ url, keyPrefix });
      try {
        await expectPublishedOnce(h, await race(h, [a.leases, b.leases]));
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});

/** REDIS_URL when set, else a private redis-server on a free port when one is installed. */
function useRedis(): { url(): string | null } {
  let url: string | null = process.env.REDIS_URL ?? null;
  let server: ChildProcess | null = null;
  beforeAll(async () => {
    if (url !== null || spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) return;
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    url = `redis://127.0.0.1:${port}`;
    await waitForPort(port);
  }, 30_000);
  afterAll(() => {
    server?.kill('SIGTERM');
  });
  return { url: () => url };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
