import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { environmentVariables, HeraldConfig } from '@herald/shared-kernel';
import { queryGraphQL } from './support/graphql-client';

const ROOT = path.resolve(__dirname, '../..');
// An upper bound for waiting, not a speed check: the full embedded product boots in a few seconds
// alone, but CI runs this beside another jest worker on 2 cores.
const BOOT_TIMEOUT_MS = 60_000;

/**
 * What `npm start` runs, for real: scripts/build.mjs compiles a copy of the sources (dist/ of
 * the work tree is left alone) and plain `node` starts dist/apps/api/src/main.js. Catches what
 * in-process specs cannot: alias rewriting, decorator metadata in the SWC output, files found
 * relative to the compiled code, signals and exit codes.
 */
function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-npm-start-'));
  for (const entry of [
    'package.json',
    'swc.config.cjs',
    'scripts/build.mjs',
    'apps',
    'libs',
    'projections',
    'bench',
  ]) {
    const from = path.join(ROOT, entry);
    if (existsSync(from))
      cpSync(from, path.join(dir, entry), {
        recursive: true,
        filter: (source) => !source.endsWith('.spec.ts'),
      });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The parent's environment without Herald's variables, so a developer's shell cannot change the outcome. */
function cleanEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const variable of environmentVariables(HeraldConfig)) delete env[variable];
  return { ...env, ...overrides };
}

interface Started {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startMain(dir: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { cwd: dir, env: cleanEnv(env) });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close', not 'exit': it fires once stdout and stderr are drained, so the last lines are in.
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, output, exited };
}

async function until<T>(what: string, probe: () => T | undefined, started: Started): Promise<T> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (started.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(
        `${what} did not happen; stdout:\n${started.output.stdout}\nstderr:\n${started.output.stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start (built with scripts/build.mjs, run with node)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = copyProject();
    await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: dir });
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves health and GraphQL, then closes the event store on SIGTERM', async () => {
    const started = startMain(dir, { PORT: '0', HOST: '127.0.0.1', HERALD_DATA_DIR: path.join(dir, 'data') });
    try {
      const baseUrl = await until(
        'listening',
        () => /serving GraphQL at (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(started.output.stdout)?.[1],
        started,
      );
      expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
      expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
      const result = await queryGraphQL<{ serverInfo: { mode: string; eventStore: { adapter: string } } }>(
        `${baseUrl}/graphql`,
        '{ serverInfo { mode eventStore { adapter } } }',
      );
      expect(result).toEqual({
        data: { serverInfo: { mode: 'embedded', eventStore: { adapter: 'sqlite' } } },
      });

      started.child.kill('SIGTERM');
      const exit = await started.exited;
      // Nest re-raises the signal after its shutdown hooks: the conventional exit of a terminated process.
      expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
      const lines = started.output.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string });
      expect(lines.map((line) => line.msg)).toContain('event store (sqlite) closed on SIGTERM');
    } finally {
      started.child.kill('SIGKILL');
    }
  }, 60_000);

  it('exits 1 naming the variable when the configuration is invalid', async () => {
    const started = startMain(dir, { PORT: 'abc', HERALD_DATA_DIR: path.join(dir, 'bad-config-data') });
    expect(await started.exited).toEqual({ code: 1, signal: null });
    expect(started.output.stderr).toMatch(
      /^CONFIG\.INVALID: Invalid configuration:\n\s+- PORT must be an integer from 0 to 65535 \(got "abc"\)/,
    );
    expect(existsSync(path.join(dir, 'bad-config-data'))).toBe(false);
  }, 30_000);
});
