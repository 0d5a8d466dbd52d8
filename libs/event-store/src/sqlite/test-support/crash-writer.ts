/**
 * Child process of sqlite-crash.spec.ts: appends 3-event batches from many concurrent writers
 * as fast as it can and prints one `ack` line per acknowledged append, until it is killed.
 * Run: node --require ./scripts/swc-register.cjs libs/event-store/src/sqlite/test-support/crash-writer.ts <file> <run>
 */
import { uuidV7Generator } from '@herald/shared-kernel';
import type { NewEvent } from '../../envelope/envelope';
import { SqliteEventStore } from '../sqlite-event-store';

const WRITERS = 16;
const APPENDS_PER_STREAM = 4;

async function writer(store: SqliteEventStore, run: string, index: number): Promise<never> {
  for (let streamNumber = 0; ; streamNumber += 1) {
    const streamId = `crash-${run}w${index}s${streamNumber}`;
    let expected: number | 'no_stream' = 'no_stream';
    for (let append = 0; append < APPENDS_PER_STREAM; append += 1) {
      const appendId = uuidV7Generator.next();
      const events: NewEvent[] = [0, 1, 2].map((part) => ({
        id: uuidV7Generator.next(),
        type: 'crash.written',
        schemaVersion: 1,
        data: { appendId, part, payload: 'x'.repeat(200) },
        metadata: { tenantId: null, actor: { kind: 'system', id: 'crash-writer' }, correlationId: appendId, causationId: null, subjectIds: [] },
      }));
      const result = await store.append(streamId, events, { expectedRevision: expected });
      // stdout to a pipe is synchronous on Linux: once written, the parent has the line even if we die next.
      process.stdout.write(`ack ${streamId} ${result.position} ${events.map((event) => event.id).join(',')}\n`);
      expected = result.nextExpectedRevision;
    }
  }
}

async function main(): Promise<void> {
  const [file, run] = process.argv.slice(2);
  if (file === undefined || run === undefined) throw new Error('usage: crash-writer <file> <run>');
  const store = await SqliteEventStore.open({ path: file, synchronous: 'FULL' });
  process.stdout.write('ready\n');
  await Promise.all(Array.from({ length: WRITERS }, (_, index) => writer(store, run, index)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
