import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
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

  it.each([
    ['a repeated _id', (i: number) => ({ _id: i === 80 ? 'd-7' : `d-${i}`, slot: `s-${i}` }), '_id_', 'd-7'],
    [
      'a unique index',
      (i: number) => ({ _id: `d-${i}`, slot: i === 80 ? 's-7' : `s-${i}` }),
      'slot_1',
      'd-80',
    ],
  ])('bulk-inserts runs of inserts and still names %s, writing nothing', async (_case, make, index, id) => {
    const sut = EmbeddedReadStore.open({ filename: ':memory:' });
    await sut.collection('docs').createIndex({ fields: { slot: 1 }, unique: true });
    const insert = (i: number) => ({ collection: 'docs', operation: { insertOne: { document: make(i) } } });
    await expect(sut.writeBatch(Array.from({ length: 120 }, (_, i) => insert(i)))).rejects.toMatchObject({
      code: 'READ_STORE.DUPLICATE_KEY',
      details: { index, id },
    });
    expect(await sut.collection('docs').count()).toBe(0);
    await sut.writeBatch(Array.from({ length: 120 }, (_, i) => insert(i + 1000)));
    expect(await sut.collection('docs').count({ slot: 's-1090' })).toBe(1);
    await sut.close();
  });

  it('upgrades a schema 1 file, finding the indexes that hold arrays', async () => {
    const filename = file();
    const first = EmbeddedReadStore.open({ filename });
    const docs = first.collection('docs');
    await docs.createIndex({ fields: { org: 1, at: 1 } });
    await docs.insertMany([
      { _id: 'split', org: 'a', at: ['2030-02-01', '2030-05-01'] },
      { _id: 'plain', org: 'a', at: '2030-03-05' },
    ]);
    await first.close();
    const raw = new Database(filename);
    raw.exec('DROP TABLE rs_multikey');
    raw.pragma('user_version = 1');
    raw.close();

    const sut = EmbeddedReadStore.open({ filename });
    const found = await sut
      .collection('docs')
      .find({ org: 'a', at: { $gte: '2030-03', $lt: '2030-04' } }, { sort: { _id: 1 } });
    expect(found.map((doc) => doc._id)).toEqual(['plain', 'split']);
    await sut.close();
  });
});
