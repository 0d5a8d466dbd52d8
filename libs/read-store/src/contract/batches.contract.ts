import { POSITION_FIELD, type CollectionWrite, type Update } from '../read-store.port';
import type { ContractContext } from './contract-harness';

interface View {
  _id: string;
  count?: number;
  position?: number;
}

export function batchesContract(ctx: ContractContext): void {
  describe('bulk writes and batches', () => {
    it('bulkWrite applies mixed operations in order and sums the results', async () => {
      const views = ctx.fresh<View>('bulk');
      await views.insertOne({ _id: 'old', count: 1 });
      const result = await views.bulkWrite([
        { insertOne: { document: { _id: 'a', count: 1 } } },
        { updateOne: { filter: { _id: 'a' }, update: { $inc: { count: 1 } } } },
        { updateOne: { filter: { _id: 'b' }, update: { $set: { count: 5 } }, upsert: true } },
        { updateMany: { filter: { count: { $gte: 1 } }, update: { $inc: { count: 10 } } } },
        { replaceOne: { filter: { _id: 'old' }, replacement: { count: 0 } } },
        { deleteOne: { filter: { _id: 'old' } } },
      ]);
      expect(result).toEqual({ inserted: 1, matched: 5, modified: 5, deleted: 1, upserted: 1 });
      expect(await views.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'a', count: 12 },
        { _id: 'b', count: 15 },
      ]);
    });

    it('writeBatch writes a read-model change and its checkpoint across collections', async () => {
      const viewsName = ctx.freshName('batch_views');
      const checkpointsName = ctx.freshName('batch_checkpoints');
      const projectEvent = (position: number): CollectionWrite[] => [
        {
          collection: viewsName,
          operation: {
            updateOne: {
              filter: { _id: 'v' },
              update: { $inc: { count: 1 } },
              upsert: true,
              atPosition: position,
            },
          },
        },
        {
          collection: checkpointsName,
          operation: {
            updateOne: {
              filter: { _id: 'posts' },
              update: { $set: { position } },
              upsert: true,
              atPosition: position,
            },
          },
        },
      ];
      await ctx.store().writeBatch(projectEvent(1));
      await ctx.store().writeBatch(projectEvent(2));
      // A replay after a crash re-sends event 2: nothing changes.
      await ctx.store().writeBatch(projectEvent(2));
      expect(await ctx.store().collection<View>(viewsName).findOne({ _id: 'v' })).toEqual({
        _id: 'v',
        count: 2,
        [POSITION_FIELD]: 2,
      });
      expect(await ctx.store().collection<View>(checkpointsName).findOne({ _id: 'posts' })).toEqual({
        _id: 'posts',
        position: 2,
        [POSITION_FIELD]: 2,
      });
    });

    it('a failing batch either applies nothing (atomicBatch) or stops at the failure, keeping the writes before it', async () => {
      const name = ctx.freshName('batch_failure');
      const views = ctx.store().collection<View>(name);
      await views.insertOne({ _id: 'taken', count: 0 });
      const failing = ctx.store().writeBatch([
        { collection: name, operation: { insertOne: { document: { _id: 'first', count: 1 } } } },
        { collection: name, operation: { insertOne: { document: { _id: 'taken', count: 2 } } } },
        { collection: name, operation: { insertOne: { document: { _id: 'after', count: 3 } } } },
      ]);
      await expect(failing).rejects.toMatchObject({ code: 'READ_STORE.DUPLICATE_KEY' });
      const expected = ctx.store().guarantees.atomicBatch ? ['taken'] : ['first', 'taken'];
      expect((await views.find({}, { sort: { _id: 1 } })).map((v) => v._id)).toEqual(expected);
    });

    it('validates every write of a batch before applying any', async () => {
      const name = ctx.freshName('batch_validation');
      const failing = ctx.store().writeBatch([
        { collection: name, operation: { insertOne: { document: { _id: 'ok' } } } },
        {
          collection: name,
          operation: { updateOne: { filter: { _id: 'ok' }, update: { $mul: { n: 2 } } as Update } },
        },
      ]);
      await expect(failing).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
        details: { operator: '$mul' },
      });
      expect(await ctx.store().collection(name).count()).toBe(0);
    });
  });
}
