import { defineCommand, EXIT } from './cli-command';

export const headCommand = defineCommand({
  name: 'head',
  usage: 'head',
  summary: 'print the global position of the last event in the log (0 when empty)',
  spec: {},
  check: (args) => (args.positional.length === 0 ? null : 'head takes no arguments'),
  async run({ store }, _args, out) {
    out.stdout.write(`${await store.headPosition()}\n`);
    return EXIT.ok;
  },
});
