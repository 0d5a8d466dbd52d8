import { SqliteEventStore } from './sqlite-event-store';
import { uuidV7Generator } from '@herald/shared-kernel';
import { mkdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openSchema } from './sqlite-schema';
const W = 64, PER = Number(process.env.PER ?? 100), N = W * PER;
const meta = () => ({ tenantId: 't', actor: { kind: 'user' as const, id: 'u' }, correlationId: uuidV7Generator.next(), causationId: null, subjectIds: [] });
async function ours(dir: string) {
  const store = await SqliteEventStore.open({ path: `${dir}/ours.db`, synchronous: (process.env.SYNC as 'FULL') ?? 'FULL' });
  const t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: W }, async () => {
    for (let i = 0; i < PER; i++) await store.append(`bench-${uuidV7Generator.next()}`, [{ id: uuidV7Generator.next(), type: 'bench.happened', schemaVersion: 1, data: { index: i, text: 'hello world' }, metadata: meta() }], { expectedRevision: 'no_stream' });
  }));
  const s = Number(process.hrtime.bigint() - t) / 1e9; await store.close(); return N / s;
}
function raw(dir: string) {
  const db = new Database(`${dir}/raw.db`); openSchema(db, (process.env.SYNC as 'FULL') ?? 'FULL', 5000);
  const ins = db.prepare('INSERT INTO events (position, event_id, stream_id, revision, category, type, schema_version, occurred_at, data, metadata, personal_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const up = db.prepare('INSERT INTO streams (stream_id, last_revision, last_hash, last_position) VALUES (?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET last_revision = excluded.last_revision');
  const rows = Array.from({ length: N }, (_, i) => [i + 1, uuidV7Generator.next(), `bench-${uuidV7Generator.next()}`, 0, 'bench', 'bench.happened', 1, new Date().toISOString(), JSON.stringify({ index: i, text: 'hello world' }), JSON.stringify({ ...meta(), prevHash: '0'.repeat(64), hash: 'a'.repeat(64) }), '[]'] as const);
  const t = process.hrtime.bigint();
  db.transaction(() => { for (const r of rows) { ins.run(...r); up.run(r[2], 0, r[9].slice(0, 64), r[0]); } })();
  const s = Number(process.hrtime.bigint() - t) / 1e9; db.close(); return N / s;
}
async function emmett(dir: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getSQLiteEventStore } = require('@event-driven-io/emmett-sqlite');
  const warm = getSQLiteEventStore({ fileName: `${dir}/em.db` });
  await warm.appendToStream('warm-1', [{ type: 'x', data: { a: 1 } }]);
  let ok = 0, failed = 0;
  const t = process.hrtime.bigint();
  await Promise.all(Array.from({ length: W }, async () => {
    const store = getSQLiteEventStore({ fileName: `${dir}/em.db` });
    for (let i = 0; i < PER; i++) { try { await store.appendToStream(`bench-${uuidV7Generator.next()}`, [{ type: 'bench.happened', data: { index: i, text: 'hello world' } }]); ok++; } catch { failed++; } }
  }));
  console.log('emmett ok', ok, 'failed', failed);
  const s = Number(process.hrtime.bigint() - t) / 1e9; return N / s;
}
async function main() {
  const dir = '/tmp/prof-es'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir);
  for (const which of (process.env.WHICH ?? 'ours,raw,ours,raw,emmett').split(',')) {
    const rate = which === 'ours' ? await ours(dir) : which === 'raw' ? raw(dir) : await emmett(dir);
    console.log(which, Math.round(rate), '/s');
    rmSync(dir, { recursive: true, force: true }); mkdirSync(dir);
  }
}
void main();
