import { HeraldError } from '@herald/shared-kernel';

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** `KAFKA_BROKERS` is `host:port[,host:port…]`; a bad value stops start-up naming the variable. */
export function parseKafkaBrokers(value: string | undefined, variable = 'KAFKA_BROKERS'): string[] {
  const brokers = (value ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  const invalid = brokers.filter(
    (broker) => !BROKER.test(broker) || Number(broker.slice(broker.lastIndexOf(':') + 1)) > 65535,
  );
  if (brokers.length === 0 || invalid.length > 0) {
    throw new HeraldError('CONFIG.INVALID', `${variable} must list brokers as host:port[,host:port…]`, {
      variable,
      invalid,
    });
  }
  return brokers;
}
