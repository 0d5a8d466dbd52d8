import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where a spec gets a Chroma server, in INFRA.md's order of preference. */
export type ChromaTarget =
  | { kind: 'CHROMA_URL'; url: string }
  | { kind: 'local'; script: string; root: string }
  | { kind: 'none'; reason: string };

export interface RunningChroma {
  readonly url: string;
  stop(): Promise<void>;
}

function repositoryRoot(): string | null {
  let directory = __dirname;
  while (directory !== dirname(directory)) {
    if (existsSync(join(directory, 'scripts', 'servers', 'chroma.sh'))) return directory;
    directory = dirname(directory);
  }
  return null;
}

/** Synchronous, so a spec decides at collection time whether it registers its tests. */
export function chooseChromaTarget(): ChromaTarget {
  const url = process.env.CHROMA_URL;
  if (url) return { kind: 'CHROMA_URL', url };
  const root = repositoryRoot();
  if (root && existsSync(join(root, 'node_modules', '.bin', 'chroma'))) {
    return { kind: 'local', script: join(root, 'scripts', 'servers', 'chroma.sh'), root };
  }
  return {
    kind: 'none',
    reason:
      'CHROMA_URL is not set and the chroma CLI of the chromadb npm package is not installed (scripts/servers/chroma.sh install)',
  };
}

/** A private instance per spec file (its own name, port and data folder), removed when stopped. */
export async function startChroma(target: Exclude<ChromaTarget, { kind: 'none' }>): Promise<RunningChroma> {
  if (target.kind === 'CHROMA_URL') return { url: target.url, stop: async () => undefined };
  const name = `jest-${process.pid}-${Date.now().toString(36)}`;
  const env = { ...process.env, CHROMA_NAME: name };
  const { stdout } = await run(target.script, ['start'], { env, cwd: target.root });
  const last = stdout.trim().split('\n').pop() ?? '';
  const match = /^CHROMA_URL=(\S+)$/.exec(last);
  if (!match) throw new Error(`chroma.sh start printed no CHROMA_URL line: ${stdout}`);
  return {
    url: match[1],
    stop: async () => {
      await run(target.script, ['stop'], { env, cwd: target.root });
      rmSync(join(target.root, '.cache', 'servers', `${name}-data`), { recursive: true, force: true });
      rmSync(join(target.root, '.cache', 'servers', `${name}.log`), { force: true });
    },
  };
}

/**
 * Jest hides console output of a file whose tests are all skipped, so the warning also goes
 * straight to stderr: a run without Chroma must say so, never pass silently.
 */
export function warnChromaNotRun(what: string, reason: string): void {
  const text = `\n*** ${what} NOT RUN: ${reason}.\n*** Set CHROMA_URL=http://host:port or run scripts/servers/chroma.sh install.\n`;
  process.stderr.write(text);
  console.warn(text);
}
