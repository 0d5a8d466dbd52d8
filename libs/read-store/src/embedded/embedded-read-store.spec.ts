import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from '../contract/read-store.contract';
import { EmbeddedReadStore } from './embedded-read-store';

const directory = mkdtempSync(join(tmpdir(), 'herald-read-store-'));
let store: EmbeddedReadStore | null = null;

describeReadStoreContract('embedded (SQLite)', {
  open: async () => {
    store = EmbeddedReadStore.open({ filename: join(directory, 'contract.sqlite') });
    return store;
  },
  close: async () => {
    await store?.close();
    rmSync(directory, { recursive: true, force: true });
  },
});

describe(EmbeddedReadStore.name, () => {
  const file = (): string => join(mkdtempSync(join(tmpdir(), 'herald-read-store-')), 'store.sqlite');

  it('keeps documents, indexes and collection names across a reopen (durable, no rebuild)', async () => {
    const filename = file();
    const first = EmbeddedReadStore.open({ filename });
    const accounts = first.collection<{ _id: string; handle: string }>('accounts_v2');
    await accounts.createIndex({ fields: { handle: 1 }, unique: true });
    await accounts.insertOne({ _id: 'a1', handle: '@acme' });
    await first.renameCollection('accounts_v2', 'accounts');
    await first.close();

    const sut = EmbeddedReadStore.open({ filename });
    const reopened = sut.collection<{ _id: string; handle: string }>('accounts');
    expect(await reopened.find({})).toEqual([{ _id: 'a1', handle: '@acme' }]);
    await expect(reopened.insertOne({ _id: 'a2', handle: '@acme' })).rejects.toMatchObject({
      code: 'READ_STORE.DUPLICATE_KEY',
    });
    expect(await sut.listCollections()).toEqual(['accounts']);
    await sut.close();
    rmSync(filename, { force: true });
  });

  it('rolls back a whole batch when a later write fails', async () => {
    const sut = EmbeddedReadStore.open({ filename: ':memory:' });
    await sut.collection('checkpoints').insertOne({ _id: 'posts', position: 1 });
    const batch = sut.writeBatch([
      { collection: 'posts', operation: { insertOne: { document: { _id: 'p1' } } } },
      {
        collection: 'checkpoints',
        operation: { updateOne: { filter: { _id: 'posts' }, update: { $set: { position: 2 } } } },
      },
      {
        collection: 'checkpoints',
        operation: {
          updateOne: {
            filter: { _id: 'posts' },
            update: { $inc: { missing: 1, position: 'x' as unknown as number } },
          },
        },
      },
    ]);
    await expect(batch).rejects.toMatchObject({ code: 'READ_STORE.UNSUPPORTED_QUERY' });
    const late = sut.writeBatch([
      { collection: 'posts', operation: { insertOne: { document: { _id: 'p1' } } } },
      {
        collection: 'checkpoints',
        operation: { updateOne: { filter: { _id: 'posts' }, update: { $set: { position: 2 } } } },
      },
      { collection: 'posts', operation: { insertOne: { document: { _id: 'p1' } } } },
    ]);
    await expect(late).rejects.toMatchObject({ code: 'READ_STORE.DUPLICATE_KEY' });
    expect(await sut.collection('posts').count()).toBe(0);
    expect(await sut.collection('checkpoints').findOne({ _id: 'posts' })).toEqual({
      _id: 'posts',
      position: 1,
    });
    await sut.close();
  });
});
