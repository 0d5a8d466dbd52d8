import { Writable } from 'node:stream';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';

export type LogLine = Record<string, unknown> & { msg?: string };

/**
 * A pino destination keeping parsed JSON lines, so specs assert on logs without printing them.
 * nestjs-pino keeps the logger for lines outside a request in a module singleton, created by the
 * first app of the process; resetting it lets each app booted by a spec log to its own capture.
 */
export function captureLogs(): { destination: Writable; lines: LogLine[] } {
  __resetOutOfContextForTests();
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n'))
        if (text.trim() !== '') lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  return { destination, lines };
}
