import { EXIT, hasFlag, positional, type CliCommand } from './cli-command';

/**
 * Recomputes a stream's hash chain. Compliance officers run it before trusting an export; a
 * non-zero exit makes a scheduled check fail loudly.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify <streamId> [--json]',
  summary:
    "check a stream's hash chain (exit 2 when an event was edited, removed or reordered, 1 when there is no such stream)",
  checkArgs(args) {
    const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--json');
    if (unknown.length > 0) return `unknown option ${unknown[0]}`;
    return positional(args).length === 1 ? null : 'verify takes exactly one stream id';
  },
  async run(store, args, out) {
    const [streamId] = positional(args);
    const result = await store.verify(streamId);
    // A mistyped id must not read as "verified": an empty stream has nothing to vouch for.
    if (result.ok && result.eventsChecked === 0) {
      out.stderr.write(`${streamId}: no such stream (no events)\n`);
      return EXIT.error;
    }
    if (hasFlag(args, '--json')) {
      out.stdout.write(`${JSON.stringify(result)}\n`);
    } else if (result.ok) {
      out.stdout.write(`${result.streamId}: ok, ${result.eventsChecked} events checked\n`);
    } else {
      out.stdout.write(
        `${result.streamId}: BROKEN at revision ${result.brokenAtRevision ?? '?'}: ${result.reason ?? 'hash mismatch'}\n`,
      );
    }
    return result.ok ? EXIT.ok : EXIT.verificationFailed;
  },
};
