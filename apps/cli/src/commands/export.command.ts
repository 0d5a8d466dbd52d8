import { exportSubject } from '@herald/compliance';
import { defineCommand, EXIT, writeJsonLine } from './cli-command';

/** GDPR access request: one JSON object per line, so large exports stream and `jq` reads them. */
export const exportCommand = defineCommand({
  name: 'export',
  usage: 'export <subjectId>',
  summary: 'print every event about a data subject, decrypted (erased fields read as erased), as JSON lines',
  spec: {},
  check: (args) => (args.positional.length === 1 ? null : 'export takes exactly one subject id'),
  async run({ store, keyVault }, args, out) {
    let count = 0;
    for await (const event of exportSubject(store, args.positional[0], { keyVault })) {
      writeJsonLine(out, event);
      count += 1;
    }
    // An empty export of a mistyped id must not pass for "we hold nothing about this person".
    out.stderr.write(count === 0 ? `${args.positional[0]}: no events about this subject\n` : `${count} events exported\n`);
    return count === 0 ? EXIT.error : EXIT.ok;
  },
});
