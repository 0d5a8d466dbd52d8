import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AesGcmPersonalDataProtector,
  SqliteEventStore,
  SqliteKeyVault,
  type NewEvent,
} from '@herald/event-store';
import { uuidV7Generator } from '@herald/shared-kernel';
import { exportSubject, type ExportedEvent } from './subject-export';

function event(subjectId: string | null, note: string): NewEvent {
  return {
    id: uuidV7Generator.next(),
    type: 'note.written',
    schemaVersion: 1,
    data: { note },
    personalFields: subjectId === null ? [] : [{ path: 'note', subjectId }],
    metadata: {
      tenantId: null,
      actor: { kind: 'user', id: subjectId ?? 'someone' },
      correlationId: uuidV7Generator.next(),
      causationId: null,
      ip: '198.51.100.1',
      subjectIds: subjectId === null ? [] : [subjectId],
    },
  };
}

async function collect(source: AsyncIterable<ExportedEvent>): Promise<ExportedEvent[]> {
  const all: ExportedEvent[] = [];
  for await (const each of source) all.push(each);
  return all;
}

describe(exportSubject.name, () => {
  let dir: string;
  let store: SqliteEventStore;
  let keyVault: SqliteKeyVault;
  const subject = uuidV7Generator.next();

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'herald-export-'));
    keyVault = new SqliteKeyVault({ filename: path.join(dir, 'keys.db'), masterKey: Buffer.alloc(32, 1) });
    store = await SqliteEventStore.open({ path: path.join(dir, 'events.db'), protector: new AesGcmPersonalDataProtector(keyVault) });
    // Seven events, four about the subject, spread across several batches of two.
    const events = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((note, index) => event(index % 2 === 0 ? subject : null, note));
    await store.append('note-1', events, { expectedRevision: 'no_stream' });
  });

  afterEach(async () => {
    await store.close();
    await keyVault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams every event about the subject across batches, decrypted, in log order', async () => {
    const exported = await collect(exportSubject(store, subject, { batchSize: 2, keyVault }));
    expect(exported.map((each) => each.data)).toEqual([{ note: 'a' }, { note: 'c' }, { note: 'e' }, { note: 'g' }]);
    expect(exported[0].metadata.ip).toBe('198.51.100.1');
  });

  it('shows erased markers for the data and the request origins once the key is forgotten', async () => {
    await keyVault.forget(subject);
    const exported = await collect(exportSubject(store, subject, { batchSize: 3, keyVault }));
    expect(exported).toHaveLength(4);
    for (const each of exported) {
      expect(each.data).toEqual({ note: { erased: true, subjectId: subject } });
      expect(each.metadata.ip).toEqual({ erased: true, subjectId: subject });
    }
  });
});
