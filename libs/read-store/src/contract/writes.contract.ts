import { isUuidV7 } from '@herald/shared-kernel';
import type { Update } from '../read-store.port';
import { post, type ContractContext, type PostDoc } from './contract-harness';

interface Counter {
  _id: string;
  n?: number;
  label?: string;
  tags?: string[];
  nested?: { a?: { b?: number }; keep?: boolean };
  createdBy?: string;
  tenantId?: string;
  slug?: string;
}

export function writesContract(ctx: ContractContext): void {
  describe('inserts', () => {
    it('insertOne stores the document and resolves its _id', async () => {
      const posts = ctx.fresh<PostDoc>('insert');
      const doc = post('a', { tags: ['x'], metrics: { likes: 1, shares: 2 } });
      expect(await posts.insertOne(doc)).toBe('a');
      expect(await posts.findOne({ _id: 'a' })).toEqual(doc);
    });

    it('insertOne without an _id generates a UUIDv7 string', async () => {
      const counters = ctx.fresh<Counter>('insert_gen');
      const id = await counters.insertOne({ n: 1 });
      expect(isUuidV7(id)).toBe(true);
      expect(await counters.findOne({ _id: id })).toEqual({ _id: id, n: 1 });
    });

    it('a second document with the same _id fails with READ_STORE.DUPLICATE_KEY', async () => {
      const counters = ctx.fresh<Counter>('insert_dup');
      await counters.insertOne({ _id: 'same', n: 1 });
      await expect(counters.insertOne({ _id: 'same', n: 2 })).rejects.toMatchObject({
        code: 'READ_STORE.DUPLICATE_KEY',
      });
      expect(await counters.findOne({ _id: 'same' })).toEqual({ _id: 'same', n: 1 });
    });

    it('insertMany stores every document and resolves their ids in order', async () => {
      const counters = ctx.fresh<Counter>('insert_many');
      const inserted = await counters.insertMany([{ _id: 'b', n: 2 }, { n: 3 }, { _id: 'a', n: 1 }]);
      expect(inserted[0]).toBe('b');
      expect(inserted[2]).toBe('a');
      expect(await counters.count()).toBe(3);
    });

    it.each<[string, Record<string, unknown>]>([
      ['a Date', { _id: 'd', at: new Date() }],
      ['NaN', { _id: 'd', n: Number.NaN }],
      ['a $-prefixed key', { _id: 'd', nested: { $bad: 1 } }],
      ['a dotted key', { _id: 'd', 'a.b': 1 }],
      ['a non-string _id', { _id: 42 }],
    ])('rejects a document holding %s with READ_STORE.INVALID_DOCUMENT', async (_label, document) => {
      const counters = ctx.fresh<Counter>('invalid_doc');
      await expect(counters.insertOne(document as unknown as Counter)).rejects.toMatchObject({
        code: 'READ_STORE.INVALID_DOCUMENT',
      });
      expect(await counters.count()).toBe(0);
    });

    it('drops undefined properties, as JSON does', async () => {
      const counters = ctx.fresh<Counter>('undefined_props');
      await counters.insertOne({ _id: 'u', n: 1, label: undefined });
      expect(await counters.findOne({ _id: 'u' })).toEqual({ _id: 'u', n: 1 });
      expect(await counters.count({ label: { $exists: true } })).toBe(0);
    });
  });

  describe('updates', () => {
    it('$set creates nested paths, $inc adds (from 0 when missing), $unset removes', async () => {
      const counters = ctx.fresh<Counter>('update_ops');
      await counters.insertOne({ _id: 'c', n: 1, label: 'x', nested: { keep: true } });
      const result = await counters.updateOne(
        { _id: 'c' },
        { $set: { 'nested.a.b': 5 }, $inc: { n: 2, missing: 4 }, $unset: { label: '' } },
      );
      expect(result).toEqual({ matched: 1, modified: 1, upsertedId: null });
      expect(await counters.findOne({ _id: 'c' })).toEqual({
        _id: 'c',
        n: 3,
        nested: { keep: true, a: { b: 5 } },
        missing: 4,
      });
    });

    it('$push appends one value or $each values; $pull removes every equal element', async () => {
      const counters = ctx.fresh<Counter>('update_arrays');
      await counters.insertOne({ _id: 'c', tags: ['a', 'b', 'a'] });
      await counters.updateOne({ _id: 'c' }, { $push: { tags: 'c' } });
      await counters.updateOne({ _id: 'c' }, { $push: { tags: { $each: ['d', 'a'] } } });
      expect((await counters.findOne({ _id: 'c' }))?.tags).toEqual(['a', 'b', 'a', 'c', 'd', 'a']);
      await counters.updateOne({ _id: 'c' }, { $pull: { tags: 'a' } });
      expect((await counters.findOne({ _id: 'c' }))?.tags).toEqual(['b', 'c', 'd']);
      await counters.updateOne({ _id: 'c' }, { $push: { fresh: 1 } });
      expect(await counters.findOne({ _id: 'c' })).toMatchObject({ fresh: [1] });
    });

    it('reports matched but not modified when nothing changes', async () => {
      const counters = ctx.fresh<Counter>('update_noop');
      await counters.insertOne({ _id: 'c', n: 1 });
      expect(await counters.updateOne({ _id: 'c' }, { $set: { n: 1 } })).toEqual({
        matched: 1,
        modified: 0,
        upsertedId: null,
      });
      expect(await counters.updateOne({ _id: 'nope' }, { $set: { n: 1 } })).toEqual({
        matched: 0,
        modified: 0,
        upsertedId: null,
      });
    });

    it('updateMany changes every match; updateOne only one', async () => {
      const counters = ctx.fresh<Counter>('update_many');
      await counters.insertMany([
        { _id: 'a', label: 'x' },
        { _id: 'b', label: 'x' },
        { _id: 'c', label: 'y' },
      ]);
      expect(await counters.updateMany({ label: 'x' }, { $inc: { n: 1 } })).toMatchObject({
        matched: 2,
        modified: 2,
      });
      expect(await counters.updateOne({ label: 'x' }, { $inc: { n: 1 } })).toMatchObject({
        matched: 1,
        modified: 1,
      });
      expect(await counters.count({ n: 2 })).toBe(1);
      expect(await counters.count({ n: 1 })).toBe(1);
    });

    it.each<[string, Update, string]>([
      ['$inc on a string', { $inc: { label: 1 } }, 'READ_STORE.INVALID_UPDATE'],
      ['$push on a non-array', { $push: { label: 'z' } }, 'READ_STORE.INVALID_UPDATE'],
      ['two operators on one path', { $set: { n: 1 }, $inc: { n: 1 } }, 'READ_STORE.INVALID_UPDATE'],
      [
        'a path inside another updated path',
        { $set: { nested: {} }, $inc: { 'nested.a.b': 1 } },
        'READ_STORE.INVALID_UPDATE',
      ],
      ['a change of _id', { $set: { _id: 'other' } }, 'READ_STORE.INVALID_UPDATE'],
      ['$rename', { $rename: { n: 'm' } } as Update, 'READ_STORE.UNSUPPORTED_QUERY'],
      [
        '$pull with a condition',
        { $pull: { tags: { $in: ['a'] } } } as unknown as Update,
        'READ_STORE.UNSUPPORTED_QUERY',
      ],
      ['an empty update', {}, 'READ_STORE.UNSUPPORTED_QUERY'],
    ])('rejects %s and leaves the document unchanged', async (_label, update, code) => {
      const counters = ctx.fresh<Counter>('update_invalid');
      await counters.insertOne({ _id: 'c', n: 1, label: 'text', tags: ['a'] });
      await expect(counters.updateOne({ _id: 'c' }, update)).rejects.toMatchObject({ code });
      expect(await counters.findOne({ _id: 'c' })).toEqual({ _id: 'c', n: 1, label: 'text', tags: ['a'] });
    });

    it('replaceOne swaps the whole document and keeps _id', async () => {
      const counters = ctx.fresh<Counter>('replace');
      await counters.insertOne({ _id: 'r', n: 1, label: 'old' });
      expect(await counters.replaceOne({ label: 'old' }, { n: 2 })).toEqual({
        matched: 1,
        modified: 1,
        upsertedId: null,
      });
      expect(await counters.findOne({ _id: 'r' })).toEqual({ _id: 'r', n: 2 });
      await expect(counters.replaceOne({ _id: 'r' }, { _id: 'other', n: 3 })).rejects.toMatchObject({
        code: 'READ_STORE.INVALID_UPDATE',
      });
    });

    it('deleteOne removes one match, deleteMany every match', async () => {
      const counters = ctx.fresh<Counter>('delete');
      await counters.insertMany([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 1 },
        { _id: 'c', n: 1 },
        { _id: 'd', n: 2 },
      ]);
      expect(await counters.deleteOne({ n: 1 })).toBe(1);
      expect(await counters.deleteMany({ n: 1 })).toBe(2);
      expect(await counters.deleteMany({ n: 7 })).toBe(0);
      expect(await counters.find({})).toEqual([{ _id: 'd', n: 2 }]);
    });
  });

  describe('upserts', () => {
    it('inserts from the filter equality fields plus the update, then updates in place', async () => {
      const counters = ctx.fresh<Counter>('upsert');
      const first = await counters.upsert(
        { _id: 'u', tenantId: 't1' },
        { $inc: { n: 1 }, $setOnInsert: { createdBy: 'first' } },
      );
      expect(first).toEqual({ matched: 0, modified: 0, upsertedId: 'u' });
      const second = await counters.upsert(
        { _id: 'u', tenantId: 't1' },
        { $inc: { n: 1 }, $setOnInsert: { createdBy: 'second' } },
      );
      expect(second).toEqual({ matched: 1, modified: 1, upsertedId: null });
      expect(await counters.findOne({ _id: 'u' })).toEqual({
        _id: 'u',
        tenantId: 't1',
        n: 2,
        createdBy: 'first',
      });
    });

    it('generates a UUIDv7 _id when the filter names none', async () => {
      const counters = ctx.fresh<Counter>('upsert_gen');
      const { upsertedId } = await counters.upsert({ slug: 'hello' }, { $set: { n: 1 } });
      expect(upsertedId !== null && isUuidV7(upsertedId)).toBe(true);
      expect(await counters.findOne({ slug: 'hello' })).toEqual({ _id: upsertedId, slug: 'hello', n: 1 });
      expect(await counters.upsert({ slug: 'hello' }, { $set: { n: 2 } })).toMatchObject({
        matched: 1,
        upsertedId: null,
      });
      expect(await counters.count()).toBe(1);
    });

    it('replaceOne with upsert inserts under the _id it names', async () => {
      const counters = ctx.fresh<Counter>('replace_upsert');
      expect(await counters.replaceOne({ _id: 'r' }, { n: 1 }, { upsert: true })).toEqual({
        matched: 0,
        modified: 0,
        upsertedId: 'r',
      });
      expect(await counters.findOne({ _id: 'r' })).toEqual({ _id: 'r', n: 1 });
      await expect(counters.replaceOne({ n: 5 }, { n: 6 }, { upsert: true })).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
      });
    });
  });

  describe('idempotency by event position (atPosition)', () => {
    const view = (n: number): Update<Counter> => ({ $inc: { n } });

    it('applies a write once per position and never goes back to an older one', async () => {
      const counters = ctx.fresh<Counter>('position');
      expect(await counters.upsert({ _id: 'v' }, view(1), { atPosition: 5 })).toMatchObject({
        upsertedId: 'v',
      });
      expect(await counters.upsert({ _id: 'v' }, view(1), { atPosition: 5 })).toEqual({
        matched: 0,
        modified: 0,
        upsertedId: null,
      });
      expect(await counters.upsert({ _id: 'v' }, view(10), { atPosition: 4 })).toEqual({
        matched: 0,
        modified: 0,
        upsertedId: null,
      });
      expect(await counters.findOne({ _id: 'v' })).toEqual({ _id: 'v', n: 1, _position: 5 });
      expect(await counters.upsert({ _id: 'v' }, view(1), { atPosition: 6 })).toMatchObject({
        matched: 1,
        modified: 1,
      });
      expect(await counters.findOne({ _id: 'v' })).toEqual({ _id: 'v', n: 2, _position: 6 });
    });

    it('guards updateMany, replaceOne and deletes per document', async () => {
      const counters = ctx.fresh<Counter>('position_many');
      await counters.insertMany([
        { _id: 'a', label: 'x' },
        { _id: 'b', label: 'x' },
      ]);
      await counters.updateOne({ _id: 'b' }, { $set: { n: 0 } }, { atPosition: 9 });
      expect(await counters.updateMany({ label: 'x' }, view(1), { atPosition: 8 })).toMatchObject({
        matched: 1,
        modified: 1,
      });
      expect(await counters.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'a', label: 'x', n: 1, _position: 8 },
        { _id: 'b', label: 'x', n: 0, _position: 9 },
      ]);
      expect(
        await counters.replaceOne({ _id: 'b' }, { label: 'old' }, { upsert: true, atPosition: 7 }),
      ).toMatchObject({ matched: 0, upsertedId: null });
      expect(await counters.deleteMany({ label: 'x' }, { atPosition: 9 })).toBe(1);
      expect(await counters.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'b', label: 'x', n: 0, _position: 9 },
      ]);
    });

    it('rejects a position that is not a non-negative integer', async () => {
      const counters = ctx.fresh<Counter>('position_invalid');
      await expect(counters.upsert({ _id: 'v' }, view(1), { atPosition: -1 })).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
      });
      await expect(counters.upsert({ _id: 'v' }, view(1), { atPosition: 1.5 })).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
      });
    });
  });
}
