import { parseInstant, stateAsOf } from '@herald/compliance';
import { defineCommand, EXIT, writeJsonLine } from './cli-command';

export const asOfCommand = defineCommand({
  name: 'as-of',
  usage: 'as-of <streamId> <ISO instant> [--json]',
  summary: "fold a post, socialAccount, organization, user or agentTask stream into its state at an instant",
  spec: { flags: ['--json'] },
  check: (args) => (args.positional.length === 2 ? null : 'as-of takes a stream id and an instant'),
  async run({ store }, args, out) {
    const [streamId, instant] = args.positional;
    const result = await stateAsOf(store, streamId, parseInstant(instant, 'instant'));
    if (result.revision === null) {
      out.stderr.write(`${streamId}: did not exist at ${result.asOf}\n`);
      return EXIT.error;
    }
    if (args.flags.has('--json')) writeJsonLine(out, result);
    else
      out.stdout.write(
        `${streamId} at ${result.asOf} (revision ${result.revision}, ${result.eventsFolded} events, last at ${result.lastEventAt}):\n${JSON.stringify(result.state, null, 2)}\n`,
      );
    return EXIT.ok;
  },
});
