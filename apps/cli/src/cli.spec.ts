import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NewEvent } from '@herald/event-store';
import { loadConfig, uuidV7Generator } from '@herald/shared-kernel';
import { openEventStore } from '../../api/src/infrastructure/event-store.factory';
import { EVENTS_FILE } from '../../api/src/infrastructure/data-files';
import { EXIT } from './commands/cli-command';
import { runCli } from './cli';

function event(step: number): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type: 'cli.checked',
    schemaVersion: 1,
    data: { step },
    metadata: {
      tenantId: null,
      actor: { kind: 'system', id: 'cli-spec' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      subjectIds: [],
    },
  };
}

async function run(
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, env, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe(runCli.name, () => {
  let dataDir: string;
  let env: Record<string, string>;
  const streamId = `cliCheck-${uuidV7Generator.next()}`;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'herald-cli-'));
    env = { HERALD_DATA_DIR: dataDir, HERALD_MASTER_KEY: Buffer.alloc(32, 3).toString('base64') };
    const resources = await openEventStore(loadConfig(env), { warn: () => undefined });
    await resources.store.append(streamId, [event(1), event(2), event(3)], { expectedRevision: 'no_stream' });
    await resources.close();
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('head prints the global position of the last event', async () => {
    expect(await run(['head'], env)).toEqual({ code: EXIT.ok, stdout: '3\n', stderr: '' });
  });

  it('verify reports an intact stream', async () => {
    expect(await run(['verify', streamId], env)).toEqual({
      code: EXIT.ok,
      stdout: `${streamId}: ok, 3 events checked\n`,
      stderr: '',
    });
  });

  it('verify refuses to vouch for a stream that does not exist', async () => {
    expect(await run(['verify', 'post-typo'], env)).toEqual({
      code: EXIT.error,
      stdout: '',
      stderr: 'post-typo: no such stream (no events)\n',
    });
  });

  it('verify exits 2 and names the revision when an event was edited in the file', async () => {
    const db = new Database(path.join(dataDir, EVENTS_FILE));
    db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 1').run(
      '{"step":99}',
      streamId,
    );
    db.close();

    const result = await run(['verify', streamId, '--json'], env);
    expect(result.code).toBe(EXIT.verificationFailed);
    expect(JSON.parse(result.stdout)).toMatchObject({ streamId, ok: false, brokenAtRevision: 1 });
  });

  it.each([
    [[], /^Usage: herald <command>/],
    [['replay'], /unknown command "replay"/],
    [['verify'], /verify takes exactly one stream id/],
    [['verify', 'a', 'b'], /verify takes exactly one stream id/],
    [['verify', streamId, '--yaml'], /unknown option --yaml/],
    [['head', 'extra'], /head takes no arguments/],
  ])('refuses %j with a usage message', async (argv, expected) => {
    const result = await run(argv, env);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(expected);
    expect(result.stdout).toBe('');
  });

  it('help lists the commands on stdout', async () => {
    const result = await run(['help'], env);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/head\s+print the global position/);
    expect(result.stdout).toMatch(/verify <streamId>\|--all \[--json\]/);
  });

  it('uses the server configuration and reports it when invalid', async () => {
    const result = await run(['head'], { ...env, SQLITE_SYNCHRONOUS: 'OFF' });
    expect(result.code).toBe(EXIT.error);
    expect(result.stderr).toMatch(
      /^CONFIG\.INVALID: .*\n\s+- SQLITE_SYNCHRONOUS must be one of FULL, NORMAL/,
    );
  });
});
