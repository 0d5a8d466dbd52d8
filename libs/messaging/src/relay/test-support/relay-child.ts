// A relay in its own process, so specs can kill it with SIGKILL mid-stream:
//   node --require scripts/swc-register.cjs relay-child.ts <events.sqlite> <brokers> <topic suffix>
// Prints "ack <position> <events>" after each acknowledged batch and "caught-up <head>" when idle.
import { SqliteEventStore } from '@herald/event-store';
import { KafkaMessageBus } from '../../kafka/kafka-message-bus';
import { CATEGORY_TOPICS } from '../category-topics';
import { EventRelay } from '../event-relay';

async function main(): Promise<void> {
  const [file, brokers, suffix] = process.argv.slice(2);
  const topics = Object.fromEntries(
    Object.entries(CATEGORY_TOPICS).map(([category, topic]) => [category, `${topic}.${suffix}`]),
  );
  const store = await SqliteEventStore.open({ path: file, pollIntervalMs: 20, synchronous: 'NORMAL' });
  const bus = new KafkaMessageBus({
    brokers: brokers.split(','),
    clientId: 'relay-child',
    logLevel: 'nothing',
  });
  const relay = new EventRelay({
    store,
    bus,
    topics,
    maxBatch: 200,
    onAcknowledged: (position, events) => process.stdout.write(`ack ${position} ${events}\n`),
    onFatal: (error) => {
      process.stderr.write(`relay stopped: ${String(error)}\n`);
      process.exit(2);
    },
  });
  await relay.start();
  process.stdout.write('started\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `relay child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
