import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where a test set-up gets a MongoDB-wire server, in INFRA.md's order of preference. */
export type MongoTarget =
  | { kind: 'MONGODB_URL'; url: string }
  | { kind: 'ferretdb'; script: string; root: string }
  | { kind: 'testcontainers' }
  | { kind: 'none'; reason: string };

export interface RunningMongo {
  url: string;
  stop(): Promise<void>;
}

function repositoryRoot(): string | null {
  let directory = __dirname;
  while (directory !== dirname(directory)) {
    if (existsSync(join(directory, 'scripts', 'servers', 'ferretdb.sh'))) return directory;
    directory = dirname(directory);
  }
  return null;
}

function ferretdbInstalled(root: string): boolean {
  if (existsSync(join(root, '.cache', 'go', 'bin', 'ferretdb'))) return true;
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' });
  if (gopath.status === 0 && existsSync(join(gopath.stdout.trim(), 'bin', 'ferretdb'))) return true;
  return spawnSync('sh', ['-c', 'command -v ferretdb'], { encoding: 'utf8' }).status === 0;
}

function dockerReachable(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/** Synchronous, so a spec can decide at collection time whether it has tests to register. */
export function chooseMongoTarget(): MongoTarget {
  const url = process.env.MONGODB_URL;
  if (url) return { kind: 'MONGODB_URL', url };
  const root = repositoryRoot();
  if (root && ferretdbInstalled(root))
    return { kind: 'ferretdb', script: join(root, 'scripts', 'servers', 'ferretdb.sh'), root };
  if (dockerReachable()) return { kind: 'testcontainers' };
  return {
    kind: 'none',
    reason:
      'MONGODB_URL is not set, FerretDB is not installed (scripts/servers/ferretdb.sh install) and no Docker engine is reachable',
  };
}

export async function startMongo(target: Exclude<MongoTarget, { kind: 'none' }>): Promise<RunningMongo> {
  switch (target.kind) {
    case 'MONGODB_URL':
      return { url: target.url, stop: async () => undefined };
    case 'ferretdb':
      return startFerretDb(target.script, target.root);
    case 'testcontainers':
      return startContainer();
  }
}

async function startFerretDb(script: string, root: string): Promise<RunningMongo> {
  // A private instance per test process: parallel runs and a developer's own server stay apart.
  const name = `test-${process.pid}-${Date.now().toString(36)}`;
  const env = { ...process.env, FERRETDB_NAME: name };
  const { stdout } = await run(script, ['start'], { env, cwd: root });
  const url = /^MONGODB_URL=(\S+)$/m.exec(stdout)?.[1];
  if (!url) throw new Error(`ferretdb.sh start printed no MONGODB_URL: ${stdout}`);
  return {
    url,
    stop: async () => {
      await run(script, ['stop'], { env, cwd: root });
      rmSync(join(root, '.cache', 'ferretdb-data', name), { recursive: true, force: true });
      rmSync(join(root, '.cache', 'servers', `${name}.log`), { force: true });
    },
  };
}

async function startContainer(): Promise<RunningMongo> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('mongo:7')
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  return {
    url: `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/`,
    stop: async () => {
      await container.stop();
    },
  };
}
