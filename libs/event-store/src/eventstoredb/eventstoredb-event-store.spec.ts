import { existsSync } from 'node:fs';
import { EventStoreDBClient } from '@eventstore/db-client';
import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { eventStoreContract } from '../contract/event-store.contract';
import { openNamespacedStore } from './test-support/eventstoredb-test-fixture';

/*
 * The contract suite against a real EventStoreDB / KurrentDB node: the one given by
 * EVENTSTORE_CONNECTION_STRING, or else one started by testcontainers when a Docker engine is
 * reachable. Each test runs in its own namespace, so one node serves the whole suite.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const dockerReachable = process.env.DOCKER_HOST !== undefined || existsSync('/var/run/docker.sock');
const IMAGE = process.env.HERALD_EVENTSTORE_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';

if (connectionString === undefined && !dockerReachable) {
  console.warn(
    [
      '',
      '!!! SKIPPED: the EventStoreDB adapter contract suite did NOT run against a real server.',
      '!!! Set EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false) or make a Docker',
      '!!! engine reachable (DOCKER_HOST or /var/run/docker.sock) to run it. The adapter logic is still',
      '!!! covered by eventstoredb-protocol-double.spec.ts against an in-memory protocol double.',
      '',
    ].join('\n'),
  );
  describe.skip('EventStoreDbEventStore against a real EventStoreDB (needs EVENTSTORE_CONNECTION_STRING or Docker)', () => {
    it('runs the EventStore contract suite', () => undefined);
  });
} else {
  let client: EventStoreDBClient | undefined;
  let container: StartedTestContainer | undefined;

  beforeAll(async () => {
    let target = connectionString;
    if (target === undefined) {
      // Fails loudly when the socket exists but the engine does not answer: a silent skip would hide it.
      await getContainerRuntimeClient();
      container = await new GenericContainer(IMAGE)
        .withEnvironment({
          KURRENTDB_INSECURE: 'true',
          KURRENTDB_MEM_DB: 'true',
          KURRENTDB_RUN_PROJECTIONS: 'None',
          EVENTSTORE_INSECURE: 'true',
          EVENTSTORE_MEM_DB: 'true',
          EVENTSTORE_RUN_PROJECTIONS: 'None',
        })
        .withExposedPorts(2113)
        .withWaitStrategy(
          Wait.forHttp('/health/live', 2113).forStatusCodeMatching((status) => status >= 200 && status < 300),
        )
        .withStartupTimeout(120_000)
        .start();
      target = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    }
    client = EventStoreDBClient.connectionString(target);
  }, 180_000);

  afterAll(async () => {
    await client?.dispose();
    await container?.stop();
  });

  const connected = (): EventStoreDBClient => {
    if (client === undefined) throw new Error('the EventStoreDB client was not set up (see beforeAll)');
    return client;
  };

  eventStoreContract('eventstoredb', async (options) => openNamespacedStore(connected(), options), {
    rawAccess: false,
    readFaults: true,
  });
}
