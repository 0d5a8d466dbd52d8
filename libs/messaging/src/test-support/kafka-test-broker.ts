import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where a test set-up gets an Apache Kafka broker, in INFRA.md's order of preference. */
export type KafkaTarget =
  | { kind: 'KAFKA_BROKERS'; brokers: string[] }
  | { kind: 'kafka.sh'; script: string; root: string }
  | { kind: 'testcontainers' }
  | { kind: 'none'; reason: string };

export interface RunningKafka {
  readonly brokers: string[];
  /** Stops the broker keeping its data, then starts it again on the same address; null when the set-up cannot. */
  readonly restart: (() => Promise<void>) | null;
  stop(): Promise<void>;
}

function repositoryRoot(): string | null {
  let directory = __dirname;
  while (directory !== dirname(directory)) {
    if (existsSync(join(directory, 'scripts', 'servers', 'kafka.sh'))) return directory;
    directory = dirname(directory);
  }
  return null;
}

const dockerReachable = (): boolean => Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
const javaAvailable = (): boolean =>
  spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).status === 0;

/** Synchronous, so a spec can decide at collection time whether it has tests to register. */
export function chooseKafkaTarget(): KafkaTarget {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers) return { kind: 'KAFKA_BROKERS', brokers: brokers.split(',').map((broker) => broker.trim()) };
  const root = repositoryRoot();
  if (root && existsSync(join(root, '.cache', 'kafka', 'libs', '.pom.sha256')) && javaAvailable()) {
    return { kind: 'kafka.sh', script: join(root, 'scripts', 'servers', 'kafka.sh'), root };
  }
  if (dockerReachable()) return { kind: 'testcontainers' };
  return {
    kind: 'none',
    reason:
      'KAFKA_BROKERS is not set, Kafka is not installed (scripts/servers/kafka.sh install) and no Docker engine is reachable',
  };
}

export function warnKafkaNotRun(what: string, reason: string): void {
  console.warn(
    `\n*** ${what} NOT RUN against Apache Kafka: ${reason}.\n` +
      '*** Set KAFKA_BROKERS=host:port, or run scripts/servers/kafka.sh install (Java 17 + Maven), or start a Docker engine.\n',
  );
}

export async function startKafka(target: Exclude<KafkaTarget, { kind: 'none' }>): Promise<RunningKafka> {
  switch (target.kind) {
    case 'KAFKA_BROKERS':
      return { brokers: target.brokers, restart: null, stop: async () => undefined };
    case 'kafka.sh':
      return startWithScript(target.script, target.root);
    case 'testcontainers':
      return startContainer();
  }
}

async function startWithScript(script: string, root: string): Promise<RunningKafka> {
  // A private broker per test file: parallel jest workers and a developer's own broker stay apart.
  const name = `test-${process.pid}-${Date.now().toString(36)}`;
  const env = { ...process.env, KAFKA_NAME: name };
  const start = async (): Promise<string> => {
    const { stdout } = await run(script, ['start'], { env, cwd: root, timeout: 180_000 });
    const brokers = /^KAFKA_BROKERS=(\S+)$/m.exec(stdout)?.[1];
    if (!brokers) throw new Error(`kafka.sh start printed no KAFKA_BROKERS: ${stdout}`);
    return brokers;
  };
  const brokers = await start();
  return {
    brokers: [brokers],
    restart: async () => {
      await run(script, ['stop', '--keep-data'], { env, cwd: root, timeout: 60_000 });
      const again = await start();
      if (again !== brokers) throw new Error(`the restarted broker moved from ${brokers} to ${again}`);
    },
    stop: async () => {
      await run(script, ['stop'], { env, cwd: root, timeout: 60_000 });
      rmSync(join(root, '.cache', 'servers', `${name}.log`), { force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function startContainer(): Promise<RunningKafka> {
  const { GenericContainer, Wait } = await import('testcontainers');
  // The broker must advertise the address clients reach it on, so the host port is fixed first.
  const port = await freePort();
  const container = await new GenericContainer('apache/kafka:4.1.0')
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '3',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    brokers: [`127.0.0.1:${port}`],
    restart: async () => {
      await container.restart();
    },
    stop: async () => {
      await container.stop();
    },
  };
}
