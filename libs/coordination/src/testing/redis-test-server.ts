import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where a test set-up gets a Redis, in INFRA.md's order of preference. */
export type RedisTarget =
  | { kind: 'REDIS_URL'; url: string }
  | { kind: 'redis-server'; script: string; root: string }
  | { kind: 'testcontainers' }
  | { kind: 'none'; reason: string };

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

function repositoryRoot(): string | null {
  let directory = __dirname;
  while (directory !== dirname(directory)) {
    if (existsSync(join(directory, 'scripts', 'servers', 'redis.sh'))) return directory;
    directory = dirname(directory);
  }
  return null;
}

function redisServerInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).status === 0;
}

function dockerReachable(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/** Synchronous, so a spec can decide at collection time whether it has tests to register. */
export function chooseRedisTarget(): RedisTarget {
  const url = process.env.REDIS_URL;
  if (url) return { kind: 'REDIS_URL', url };
  const root = repositoryRoot();
  if (root && redisServerInstalled())
    return { kind: 'redis-server', script: join(root, 'scripts', 'servers', 'redis.sh'), root };
  if (dockerReachable()) return { kind: 'testcontainers' };
  return {
    kind: 'none',
    reason:
      'REDIS_URL is not set, redis-server is not installed (scripts/servers/redis.sh install) and no Docker engine is reachable',
  };
}

export async function startRedis(target: Exclude<RedisTarget, { kind: 'none' }>): Promise<RunningRedis> {
  switch (target.kind) {
    case 'REDIS_URL':
      return { url: target.url, stop: async () => undefined };
    case 'redis-server':
      return startLocal(target.script, target.root);
    case 'testcontainers':
      return startContainer();
  }
}

async function startLocal(script: string, root: string): Promise<RunningRedis> {
  // A private instance per test process: parallel spec files and a developer's server stay apart.
  const name = `test-${process.pid}-${Date.now().toString(36)}`;
  const env = { ...process.env, REDIS_NAME: name };
  const { stdout } = await run(script, ['start'], { env, cwd: root });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  const url = /^REDIS_URL=(\S+)$/.exec(lastLine)?.[1];
  if (!url) throw new Error(`redis.sh start printed no REDIS_URL as its last line: ${stdout}`);
  return {
    url,
    stop: async () => {
      await run(script, ['stop'], { env, cwd: root });
      rmSync(join(root, '.cache', 'servers', `${name}.log`), { force: true });
    },
  };
}

async function startContainer(): Promise<RunningRedis> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('redis:7-alpine')
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  return {
    url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
    stop: async () => {
      await container.stop();
    },
  };
}
