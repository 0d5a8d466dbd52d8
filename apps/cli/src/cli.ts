import { isHeraldError, loadConfig, type Environment } from '@herald/shared-kernel';
import { openEventStore } from '../../api/src/infrastructure/event-store.factory';
import { EXIT, type CliCommand, type CliOutput } from './commands/cli-command';
import { headCommand } from './commands/head.command';
import { verifyCommand } from './commands/verify.command';

const COMMANDS: readonly CliCommand[] = [headCommand, verifyCommand];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  return [
    'Usage: herald <command> [arguments]   (same environment variables as the server; see README.md)',
    '',
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
  ].join('\n');
}

/** The `herald` operator tool. Returns the exit code instead of exiting, so tests run it in-process. */
export async function runCli(argv: readonly string[], env: Environment, out: CliOutput): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? out.stderr : out.stdout).write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    out.stderr.write(`herald: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  const problem = command.checkArgs(args);
  if (problem !== null) {
    out.stderr.write(`herald ${name}: ${problem}\nUsage: herald ${command.usage}\n`);
    return EXIT.usage;
  }
  try {
    const config = loadConfig(env);
    const resources = await openEventStore(config, {
      warn: (message) => out.stderr.write(`warning: ${message}\n`),
    });
    try {
      return await command.run(resources.store, args, out);
    } finally {
      await resources.close();
    }
  } catch (error) {
    out.stderr.write(
      isHeraldError(error)
        ? `${error.code}: ${error.message}\n`
        : `herald ${name} failed: ${String(error)}\n`,
    );
    return EXIT.error;
  }
}
