import { EXIT, type CliCommand } from './cli-command';

export const headCommand: CliCommand = {
  name: 'head',
  usage: 'head',
  summary: 'print the global position of the last event in the log (0 when empty)',
  checkArgs: (args) => (args.length === 0 ? null : 'head takes no arguments'),
  async run(store, _args, out) {
    out.stdout.write(`${await store.headPosition()}\n`);
    return EXIT.ok;
  },
};
