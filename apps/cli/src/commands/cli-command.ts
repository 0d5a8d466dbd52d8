import type { EventStore } from '@herald/event-store';

export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Exit codes: scripts and cron jobs branch on them. */
export const EXIT = { ok: 0, error: 1, verificationFailed: 2, usage: 64 } as const;

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Returns an error message when the arguments do not fit, before anything is opened. */
  checkArgs(args: readonly string[]): string | null;
  run(store: EventStore, args: readonly string[], out: CliOutput): Promise<number>;
}

export const hasFlag = (args: readonly string[], flag: string): boolean => args.includes(flag);
export const positional = (args: readonly string[]): string[] => args.filter((arg) => !arg.startsWith('--'));
