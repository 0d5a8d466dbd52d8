// `npm run bench:relay`: EventRelay events/s to a local Kafka broker against the raw kafkajs
// producer sending the same messages (the ceiling), in one run. Needs KAFKA_BROKERS.
// Method and how to read the figures: bench/README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { InMemoryCheckpointStore, SqliteEventStore, type NewEvent, type RecordedEvent } from '@herald/event-store';
import { EventRelay, KafkaMessageBus, toCloudEvent } from '@herald/messaging';
import { uuidV7Generator } from '@herald/shared-kernel';
import { round, table, verdict } from './publish/report';

const EVENTS = Number(process.env.BENCH_EVENTS ?? '20000');
const STREAMS = 1_000;
const BATCH = 500; // the relay's default maxBatch
const PARTITIONS = 3;

function newEvent(n: number): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type: 'post.metricsRecorded',
    schemaVersion: 1,
    data: { n, impressions: n * 7, likes: n % 97, text: 'x'.repeat(200) },
    metadata: {
      tenantId: '0190f3a4-0000-7000-8000-0000000000d1',
      actor: { kind: 'system', id: 'bench' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      subjectIds: [],
    },
    personalFields: [],
  };
}

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean);
  if (!brokers || brokers.length === 0) {
    console.log(
      'relay bench SKIPPED: KAFKA_BROKERS is not set. Start a broker with `bash scripts/servers/kafka.sh start` ' +
        '(its last stdout line is KAFKA_BROKERS=…), export it, run again, then `bash scripts/servers/kafka.sh stop`.',
    );
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'herald-relay-bench-'));
  const stamp = Date.now().toString(36);
  const relayTopic = `bench.relay.${stamp}`;
  const ceilingTopic = `bench.ceiling.${stamp}`;
  const store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), pollIntervalMs: 10 });
  const streams = Array.from({ length: STREAMS }, () => `post-${uuidV7Generator.next()}`);
  const kafka = new Kafka({ clientId: 'bench-ceiling', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const bus = new KafkaMessageBus({ brokers, clientId: 'bench-relay', defaultPartitions: PARTITIONS, logLevel: 'nothing' });
  try {
    for (let i = 0; i < EVENTS; i += 10) {
      const stream = streams[(i / 10) % STREAMS];
      await store.append(stream, Array.from({ length: Math.min(10, EVENTS - i) }, (_, k) => newEvent(i + k)), {
        expectedRevision: 'any',
      });
    }
    const recorded: RecordedEvent[] = [];
    for (let after = 0; ; ) {
      const page = await store.readAll({ afterPosition: after, maxCount: 5_000 });
      if (page.length === 0) break;
      recorded.push(...page);
      after = page[page.length - 1].globalPosition;
    }
    const last = recorded[recorded.length - 1].globalPosition;
    await admin.connect();
    await admin.createTopics({
      topics: [relayTopic, ceilingTopic, `${relayTopic}.dlq`].map((topic) => ({ topic, numPartitions: PARTITIONS })),
      waitForLeaders: true,
    });

    // Ceiling: the same messages, prepared before the clock starts, through a kafkajs producer with
    // the bus's settings (idempotent, one request in flight, acks=all), one batch at a time.
    const messages = recorded.map((event) => ({ key: event.streamId, value: JSON.stringify(toCloudEvent(event)) }));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.sendBatch({ topicMessages: [{ topic: ceilingTopic, messages: messages.slice(0, 100) }], acks: -1 });
    const ceilingStart = performance.now();
    for (let i = 0; i < messages.length; i += BATCH) {
      await producer.sendBatch({ topicMessages: [{ topic: ceilingTopic, messages: messages.slice(i, i + BATCH) }], acks: -1 });
    }
    const ceilingMs = performance.now() - ceilingStart;
    await producer.disconnect();

    // Herald: the relay reads the log from the start, publishes, and checkpoints after each ack.
    await bus.publish([{ topic: relayTopic, messages: messages.slice(0, 1).map((m) => ({ ...m, key: 'warm-up' })) }]);
    const relay = new EventRelay({ store, bus, checkpoints: new InMemoryCheckpointStore(), topics: { post: relayTopic } });
    const relayStart = performance.now();
    await relay.start();
    while (relay.status().checkpoint < last) await new Promise((resolve) => setTimeout(resolve, 5));
    const relayMs = performance.now() - relayStart;
    await relay.stop();

    const offsets = await admin.fetchTopicOffsets(relayTopic);
    const onTopic = offsets.reduce((sum, p) => sum + Number(p.high), 0) - 1; // minus the warm-up message
    const ceilingRate = (messages.length / ceilingMs) * 1000;
    const relayRate = (recorded.length / relayMs) * 1000;
    console.log(`relay bench: ${recorded.length} events on ${STREAMS} streams, ${PARTITIONS} partitions, batches of ${BATCH}, brokers ${brokers.join(',')}`);
    console.log(`load average ${round(os.loadavg()[0])} on ${os.cpus().length} cores\n`);
    console.log(
      table(
        ['contender', 'events', 'seconds', 'events/s', 'vs ceiling'],
        [
          ['herald EventRelay', `${recorded.length}`, round(relayMs / 1000), round(relayRate), `${round((relayRate / ceilingRate) * 100)}%`],
          ['ceiling (raw kafkajs)', `${messages.length}`, round(ceilingMs / 1000), round(ceilingRate), '100%'],
        ],
      ),
    );
    console.log(`\ntargets:\n${verdict('relay ≥ 50% of the ceiling', (relayRate / ceilingRate) * 100, 50, '%', false)}`);
    if (onTopic < recorded.length) {
      console.error(`ERROR: the relay topic holds ${onTopic} messages, ${recorded.length} were relayed`);
      process.exitCode = 1;
    }
  } finally {
    await bus.close();
    await admin.disconnect().catch(() => undefined);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
