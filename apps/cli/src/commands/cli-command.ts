import type { EventStore, KeyVault } from '@herald/event-store';
import type { ReadStore } from '@herald/read-store';
import type { Environment, HeraldConfig } from '@herald/shared-kernel';

export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Exit codes: scripts and cron jobs branch on them. */
export const EXIT = { ok: 0, error: 1, verificationFailed: 2, usage: 64 } as const;

/** What a command may use; the read store is opened only by the commands that ask for it. */
export interface CliContext {
  readonly config: HeraldConfig;
  readonly env: Environment;
  readonly store: EventStore;
  readonly keyVault: KeyVault;
  readStore(): Promise<ReadStore>;
}

export interface ArgSpec {
  /** Boolean switches, e.g. `--json`. */
  readonly flags?: readonly string[];
  /** Switches that take a value: `--reason "..."` or `--reason=...`. */
  readonly options?: readonly string[];
}

export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly options: ReadonlyMap<string, string>;
}

/** Returns the parsed arguments, or the usage problem as a string. */
export function parseArgs(args: readonly string[], spec: ArgSpec): ParsedArgs | string {
  const positional: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (spec.flags?.includes(name) && equals < 0) {
      flags.add(name);
    } else if (spec.options?.includes(name)) {
      const value = equals < 0 ? args[++index] : arg.slice(equals + 1);
      if (value === undefined || (equals < 0 && value.startsWith('--'))) return `option ${name} needs a value`;
      if (options.has(name)) return `option ${name} given twice`;
      options.set(name, value);
    } else {
      return `unknown option ${name}`;
    }
  }
  return { positional, flags, options };
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Returns an error message when the arguments do not fit, before anything is opened. */
  checkArgs(args: readonly string[]): string | null;
  run(context: CliContext, args: readonly string[], out: CliOutput): Promise<number>;
}

/** A command whose arguments are parsed by a spec and then checked by `check`. */
export function defineCommand(definition: {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly spec: ArgSpec;
  check(args: ParsedArgs): string | null;
  run(context: CliContext, args: ParsedArgs, out: CliOutput): Promise<number>;
}): CliCommand {
  const parse = (args: readonly string[]): ParsedArgs | string => {
    const parsed = parseArgs(args, definition.spec);
    if (typeof parsed === 'string') return parsed;
    return definition.check(parsed) ?? parsed;
  };
  return {
    name: definition.name,
    usage: definition.usage,
    summary: definition.summary,
    checkArgs: (args) => {
      const parsed = parse(args);
      return typeof parsed === 'string' ? parsed : null;
    },
    run: async (context, args, out) => {
      const parsed = parse(args);
      if (typeof parsed === 'string') throw new Error(parsed);
      return definition.run(context, parsed, out);
    },
  };
}

/** The operator acting: `--actor`, else the login name, so audit entries say who ran the tool. */
export function operatorOf(args: ParsedArgs, env: Environment): string {
  return args.options.get('--actor') ?? `cli:${env.USER ?? env.LOGNAME ?? 'operator'}`;
}

export const writeJsonLine = (out: CliOutput, value: unknown): void => {
  out.stdout.write(`${JSON.stringify(value)}\n`);
};
