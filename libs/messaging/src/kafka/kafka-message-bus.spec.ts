import { describeMessageBusContract } from '../contract/message-bus.contract';
import {
  chooseKafkaTarget,
  startKafka,
  warnKafkaNotRun,
  type RunningKafka,
} from '../test-support/kafka-test-broker';
import { parseKafkaBrokers } from './kafka-config';
import { KafkaMessageBus } from './kafka-message-bus';

const target = chooseKafkaTarget();

if (target.kind === 'none') {
  warnKafkaNotRun('MessageBus contract', target.reason);
  describe('MessageBus contract: Kafka', () => {
    it.skip('needs KAFKA_BROKERS, an installed Kafka (scripts/servers/kafka.sh install) or a Docker engine', () =>
      undefined);
  });
} else {
  let broker: RunningKafka | null = null;
  describeMessageBusContract(`Apache Kafka (${target.kind})`, {
    setupTimeoutMs: 240_000,
    timeoutMs: 45_000,
    open: async () => {
      broker = await startKafka(target);
      // Short heartbeats and fetch waits: members notice rebalances within a second, not after 5 s.
      return new KafkaMessageBus({
        brokers: broker.brokers,
        clientId: 'herald-contract',
        heartbeatIntervalMs: 300,
        sessionTimeoutMs: 10_000,
        maxWaitTimeMs: 200,
        logLevel: 'nothing',
      });
    },
    close: async (bus) => {
      try {
        await bus.close();
      } finally {
        await broker?.stop();
      }
    },
  });
}

describe(parseKafkaBrokers.name, () => {
  it('reads a comma-separated broker list', () => {
    expect(parseKafkaBrokers(' 127.0.0.1:9092, kafka-2.internal:19092 ')).toEqual([
      '127.0.0.1:9092',
      'kafka-2.internal:19092',
    ]);
  });

  it.each([[undefined], [''], ['localhost'], ['host:99999'], ['a:1,b']])(
    'stops on %p naming the variable',
    (value) => {
      expect(() => parseKafkaBrokers(value)).toThrow(
        expect.objectContaining({
          code: 'CONFIG.INVALID',
          details: expect.objectContaining({ variable: 'KAFKA_BROKERS' }),
        }),
      );
    },
  );
});
