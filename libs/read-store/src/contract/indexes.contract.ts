import type { ContractContext } from './contract-harness';

interface Account {
  _id: string;
  tenantId: string;
  handle: string;
  platform: string;
  followers?: number;
}

const account = (id: string, tenantId: string, platform: string, handle: string, followers = 0): Account => ({
  _id: id,
  tenantId,
  platform,
  handle,
  followers,
});

export function indexesContract(ctx: ContractContext): void {
  describe('indexes', () => {
    it('a unique index rejects a duplicate insert with READ_STORE.DUPLICATE_KEY and keeps the first', async () => {
      const accounts = ctx.fresh<Account>('unique');
      expect(await accounts.createIndex({ fields: { handle: 1 }, unique: true })).toBe('handle_1');
      await accounts.insertOne(account('a1', 't1', 'x', '@acme'));
      await expect(accounts.insertOne(account('a2', 't1', 'x', '@acme'))).rejects.toMatchObject({
        code: 'READ_STORE.DUPLICATE_KEY',
      });
      expect(await accounts.count()).toBe(1);
    });

    it('a compound unique index only rejects the same combination', async () => {
      const accounts = ctx.fresh<Account>('compound');
      const name = await accounts.createIndex({
        fields: { tenantId: 1, platform: 1, handle: 1 },
        unique: true,
      });
      expect(name).toBe('tenantId_1_platform_1_handle_1');
      await accounts.insertMany([
        account('a1', 't1', 'x', '@acme'),
        account('a2', 't2', 'x', '@acme'),
        account('a3', 't1', 'linkedin', '@acme'),
      ]);
      await expect(accounts.insertOne(account('a4', 't1', 'linkedin', '@acme'))).rejects.toMatchObject({
        code: 'READ_STORE.DUPLICATE_KEY',
      });
      expect(await accounts.count({ handle: '@acme' })).toBe(3);
    });

    it('an update or upsert that would duplicate a unique key fails and changes nothing', async () => {
      const accounts = ctx.fresh<Account>('unique_update');
      await accounts.createIndex({ fields: { handle: 1 }, unique: true });
      await accounts.insertMany([account('a1', 't1', 'x', '@one'), account('a2', 't1', 'x', '@two')]);
      await expect(
        accounts.updateOne({ _id: 'a2' }, { $set: { handle: '@one', followers: 9 } }),
      ).rejects.toMatchObject({
        code: 'READ_STORE.DUPLICATE_KEY',
      });
      await expect(accounts.upsert({ _id: 'a3' }, { $set: { handle: '@two' } })).rejects.toMatchObject({
        code: 'READ_STORE.DUPLICATE_KEY',
      });
      expect(await accounts.find({}, { sort: { _id: 1 } })).toEqual([
        account('a1', 't1', 'x', '@one'),
        account('a2', 't1', 'x', '@two'),
      ]);
    });

    it('creating the same index twice is a no-op; listIndexes shows it next to _id_', async () => {
      const accounts = ctx.fresh<Account>('idempotent');
      await accounts.insertOne(account('a1', 't1', 'x', '@acme', 5));
      const first = await accounts.createIndex({ fields: { tenantId: 1, followers: -1 } });
      const second = await accounts.createIndex({ fields: { tenantId: 1, followers: -1 } });
      expect(second).toBe(first);
      const indexes = await accounts.listIndexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          { name: '_id_', fields: { _id: 1 }, unique: true },
          { name: 'tenantId_1_followers_-1', fields: { tenantId: 1, followers: -1 }, unique: false },
        ]),
      );
      expect(indexes).toHaveLength(2);
    });

    it('a unique index cannot be built over existing duplicates', async () => {
      const accounts = ctx.fresh<Account>('unique_existing');
      await accounts.insertMany([account('a1', 't1', 'x', '@same'), account('a2', 't1', 'x', '@same')]);
      await expect(
        accounts.createIndex({ fields: { handle: 1 }, unique: true, name: 'handle_unique' }),
      ).rejects.toMatchObject({
        code: 'READ_STORE.DUPLICATE_KEY',
      });
      expect((await accounts.listIndexes()).map((i) => i.name)).toEqual(['_id_']);
    });

    it('dropping a unique index allows duplicates again', async () => {
      const accounts = ctx.fresh<Account>('drop_index');
      const name = await accounts.createIndex({ fields: { handle: 1 }, unique: true });
      await accounts.insertOne(account('a1', 't1', 'x', '@same'));
      await accounts.dropIndex(name);
      await accounts.insertOne(account('a2', 't1', 'x', '@same'));
      expect(await accounts.count({ handle: '@same' })).toBe(2);
    });

    it('queries return the same documents with and without an index', async () => {
      const accounts = ctx.fresh<Account>('indexed_queries');
      const docs = Array.from({ length: 40 }, (_, i) =>
        account(`a${String(i).padStart(2, '0')}`, `t${i % 4}`, i % 3 === 0 ? 'x' : 'linkedin', `@h${i}`, i),
      );
      await accounts.insertMany(docs);
      const filters = [
        { tenantId: 't1' },
        { tenantId: { $in: ['t0', 't3'] }, platform: 'x' },
        { $and: [{ tenantId: 't2' }, { followers: { $gt: 20 } }] },
      ];
      const before = await Promise.all(filters.map((f) => accounts.find(f, { sort: { _id: 1 } })));
      await accounts.createIndex({ fields: { tenantId: 1, followers: -1 } });
      await accounts.createIndex({ fields: { platform: 1 } });
      const after = await Promise.all(filters.map((f) => accounts.find(f, { sort: { _id: 1 } })));
      expect(after).toEqual(before);
      expect(before.map((r) => r.length)).toEqual([10, 8, 5]);
    });
  });

  describe('collections', () => {
    it('lists collections once written and drops them', async () => {
      const name = ctx.freshName('listed');
      await ctx.store().collection(name).insertOne({ _id: 'x' });
      expect(await ctx.store().listCollections()).toContain(name);
      expect(await ctx.store().dropCollection(name)).toBe(true);
      expect(await ctx.store().dropCollection(name)).toBe(false);
      expect(await ctx.store().listCollections()).not.toContain(name);
      expect(await ctx.store().collection(name).count()).toBe(0);
    });

    it('swaps a rebuilt collection over the live one (blue/green) keeping its indexes', async () => {
      const live = ctx.freshName('posts_v1');
      const rebuilt = ctx.freshName('posts_v2');
      await ctx
        .store()
        .collection(live)
        .insertMany([{ _id: 'old1' }, { _id: 'old2' }]);
      const next = ctx.store().collection<{ _id: string; slug: string }>(rebuilt);
      await next.createIndex({ fields: { slug: 1 }, unique: true });
      await next.insertMany([{ _id: 'new1', slug: 'a' }]);
      await expect(ctx.store().renameCollection(rebuilt, live)).rejects.toMatchObject({
        code: 'READ_STORE.COLLECTION_EXISTS',
      });
      await ctx.store().renameCollection(rebuilt, live, { dropTarget: true });
      const swapped = ctx.store().collection<{ _id: string; slug: string }>(live);
      expect(await swapped.find({})).toEqual([{ _id: 'new1', slug: 'a' }]);
      await expect(swapped.insertOne({ _id: 'new2', slug: 'a' })).rejects.toMatchObject({
        code: 'READ_STORE.DUPLICATE_KEY',
      });
      expect(await ctx.store().listCollections()).not.toContain(rebuilt);
    });

    it('renaming a missing collection fails with READ_STORE.COLLECTION_NOT_FOUND', async () => {
      await expect(
        ctx.store().renameCollection(ctx.freshName('missing'), ctx.freshName('target')),
      ).rejects.toMatchObject({
        code: 'READ_STORE.COLLECTION_NOT_FOUND',
      });
    });

    it.each(['', 'has space', '$bad', 'system.users', 'x'.repeat(121)])(
      'rejects the collection name "%s"',
      (name) => {
        expect(() => ctx.store().collection(name)).toThrow(
          expect.objectContaining({ code: 'READ_STORE.INVALID_NAME' }),
        );
      },
    );
  });
}
