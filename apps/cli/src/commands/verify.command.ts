import type { EventStore, VerifyResult } from '@herald/event-store';
import { defineCommand, EXIT, writeJsonLine, type CliOutput } from './cli-command';

const BATCH = 1000;

async function allStreamIds(store: EventStore): Promise<string[]> {
  const seen = new Set<string>();
  let afterPosition = 0;
  for (;;) {
    const batch = await store.readAll({ afterPosition, maxCount: BATCH });
    for (const event of batch) seen.add(event.streamId);
    if (batch.length < BATCH) return [...seen];
    afterPosition = batch[batch.length - 1].globalPosition;
  }
}

const brokenLine = (result: VerifyResult): string =>
  `${result.streamId}: BROKEN at revision ${result.brokenAtRevision ?? '?'}: ${result.reason ?? 'hash mismatch'}\n`;

async function verifyAll(store: EventStore, json: boolean, out: CliOutput): Promise<number> {
  const broken: VerifyResult[] = [];
  let streams = 0;
  let events = 0;
  for (const streamId of await allStreamIds(store)) {
    const result = await store.verify(streamId);
    streams += 1;
    events += result.eventsChecked;
    if (!result.ok) broken.push(result);
  }
  if (json) {
    writeJsonLine(out, { ok: broken.length === 0, streamsChecked: streams, eventsChecked: events, broken });
  } else {
    for (const result of broken) out.stdout.write(brokenLine(result));
    out.stdout.write(
      `${broken.length === 0 ? 'ok' : 'BROKEN'}: ${streams} streams, ${events} events checked, ${broken.length} broken\n`,
    );
  }
  return broken.length === 0 ? EXIT.ok : EXIT.verificationFailed;
}

/**
 * Recomputes hash chains. Compliance officers run it before trusting an export; a non-zero exit
 * makes a scheduled check fail loudly.
 */
export const verifyCommand = defineCommand({
  name: 'verify',
  usage: 'verify <streamId>|--all [--json]',
  summary:
    "check a stream's hash chain, or every stream's (exit 2 when an event was edited, removed or reordered, 1 when there is no such stream)",
  spec: { flags: ['--json', '--all'] },
  check(args) {
    const wanted = args.flags.has('--all') ? 0 : 1;
    return args.positional.length === wanted ? null : 'verify takes exactly one stream id, or --all';
  },
  async run({ store }, args, out) {
    const json = args.flags.has('--json');
    if (args.flags.has('--all')) return verifyAll(store, json, out);
    const [streamId] = args.positional;
    const result = await store.verify(streamId);
    // A mistyped id must not read as "verified": an empty stream has nothing to vouch for.
    if (result.ok && result.eventsChecked === 0) {
      out.stderr.write(`${streamId}: no such stream (no events)\n`);
      return EXIT.error;
    }
    if (json) writeJsonLine(out, result);
    else if (result.ok) out.stdout.write(`${result.streamId}: ok, ${result.eventsChecked} events checked\n`);
    else out.stdout.write(brokenLine(result));
    return result.ok ? EXIT.ok : EXIT.verificationFailed;
  },
});
