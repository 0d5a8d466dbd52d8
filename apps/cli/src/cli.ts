import { isHeraldError, loadConfig, type Environment, type HeraldConfig } from '@herald/shared-kernel';
import type { ReadStore } from '@herald/read-store';
import { openEventStore, type EventStoreResources } from '../../api/src/infrastructure/event-store.factory';
import { openReadStore } from '../../api/src/infrastructure/read-store.module';
import { asOfCommand } from './commands/as-of.command';
import { auditCommand } from './commands/audit.command';
import { EXIT, type CliCommand, type CliContext, type CliOutput } from './commands/cli-command';
import { eraseCommand } from './commands/erase.command';
import { exportCommand } from './commands/export.command';
import { headCommand } from './commands/head.command';
import { projectionsCommand } from './commands/projections.command';
import { streamCommand } from './commands/stream.command';
import { verifyCommand } from './commands/verify.command';

const COMMANDS: readonly CliCommand[] = [
  headCommand,
  verifyCommand,
  streamCommand,
  asOfCommand,
  auditCommand,
  exportCommand,
  eraseCommand,
  projectionsCommand,
];

export function usage(): string {
  return [
    'Usage: herald <command> [arguments]   (same environment variables as the server; see README.md)',
    '',
    ...COMMANDS.map((command) => `  ${command.usage}\n      ${command.summary}`),
    '',
    'Exit codes: 0 ok, 1 error (the error code is printed), 2 verification failed, 64 usage.',
    '',
  ].join('\n');
}

function contextOf(config: HeraldConfig, env: Environment, resources: EventStoreResources) {
  let readStore: Promise<ReadStore> | null = null;
  const context: CliContext = {
    config,
    env,
    store: resources.store,
    keyVault: resources.keyVault,
    readStore: () => (readStore ??= openReadStore(config)),
  };
  return { context, closeReadStore: async () => readStore !== null && (await (await readStore).close()) };
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
    const { context, closeReadStore } = contextOf(config, env, resources);
    try {
      return await command.run(context, args, out);
    } finally {
      try {
        await closeReadStore();
      } finally {
        await resources.close();
      }
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
