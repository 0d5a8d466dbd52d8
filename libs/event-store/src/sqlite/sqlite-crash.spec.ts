import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordedEvent } from '../envelope/envelope';
import { SqliteEventStore } from './sqlite-event-store';

const repositoryRoot = path.resolve(__dirname, '../../../..');
const writerScript = path.join(__dirname, 'test-support', 'crash-writer.ts');

interface Ack {
  readonly streamId: string;
  readonly position: number;
  readonly eventIds: readonly string[];
}

/** Runs the writer until it has acknowledged `acks` appends, then kills it with SIGKILL mid-load. */
function writeUntilKilled(file: string, run: string, acks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', path.join(repositoryRoot, 'scripts', 'swc-register.cjs'), writerScript, file, run], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, streamId, position, ids] = line.split(' ');
        if (kind !== 'ack') continue;
        acknowledged.push({ streamId, position: Number(position), eventIds: ids.split(',') });
      }
      if (!killed && acknowledged.length >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve(acknowledged);
      else reject(new Error(`the writer exited on its own (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe('SqliteEventStore after a crash (kill -9 mid-load)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'herald-crash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append, no partial append, gap-free positions and valid hash chains', async () => {
    const file = path.join(dir, 'events.sqlite');
    const acks = [...(await writeUntilKilled(file, 'a', 300)), ...(await writeUntilKilled(file, 'b', 300))];

    const store = await SqliteEventStore.open({ path: file });
    try {
      const all = await store.readAll();
      const byId = new Map(all.map((event) => [event.id, event]));
      for (const ack of acks) {
        const stored = ack.eventIds.map((id) => byId.get(id));
        expect(stored.map((event) => event?.streamId)).toEqual([ack.streamId, ack.streamId, ack.streamId]);
        expect(stored[2]?.globalPosition).toBe(ack.position);
      }

      expect(all.map((event) => event.globalPosition)).toEqual(all.map((_, index) => index + 1));
      expect(await store.headPosition()).toBe(all.length);

      const appends = new Map<string, RecordedEvent[]>();
      for (const event of all) {
        const { appendId } = event.data as { appendId: string };
        appends.set(appendId, [...(appends.get(appendId) ?? []), event]);
      }
      for (const events of appends.values()) {
        expect(events.map((event) => (event.data as { part: number }).part)).toEqual([0, 1, 2]);
        expect(events.map((event) => event.revision - events[0].revision)).toEqual([0, 1, 2]);
      }
      expect(all.length).toBe(appends.size * 3);
      expect(all.length).toBeGreaterThanOrEqual(acks.length * 3);

      const streams = new Set(all.map((event) => event.streamId));
      for (const streamId of streams) expect(await store.verify(streamId)).toMatchObject({ ok: true });
      console.log(`crash test: ${acks.length} acknowledged appends, ${appends.size} stored (${all.length} events, ${streams.size} streams) after two kill -9`);
    } finally {
      await store.close();
    }
  }, 60_000);
});
