import { parseInstant } from '@herald/compliance';
import { defineCommand, EXIT, writeJsonLine } from './cli-command';

/** Replays a stream as it was at an instant: events committed at or before it, decrypted where keys remain. */
export const streamCommand = defineCommand({
  name: 'stream',
  usage: 'stream <streamId> [--as-of <ISO instant>] [--json]',
  summary: "print a stream's events (as they were at --as-of); --json prints one event per line",
  spec: { flags: ['--json'], options: ['--as-of'] },
  check: (args) => (args.positional.length === 1 ? null : 'stream takes exactly one stream id'),
  async run({ store }, args, out) {
    const [streamId] = args.positional;
    const asOfText = args.options.get('--as-of');
    const asOf = asOfText === undefined ? undefined : parseInstant(asOfText, 'as-of');
    const events = await store.readStream(streamId, { asOf });
    if (events.length === 0) {
      out.stderr.write(`${streamId}: no events${asOf === undefined ? '' : ` at ${asOf.toISOString()}`}\n`);
      return EXIT.error;
    }
    for (const event of events) {
      if (args.flags.has('--json')) writeJsonLine(out, event);
      else
        out.stdout.write(
          `${event.revision}\t${event.occurredAt}\t${event.type}\t${event.metadata.actor.kind}:${event.metadata.actor.id}\t${JSON.stringify(event.data)}\n`,
        );
    }
    return EXIT.ok;
  },
});
