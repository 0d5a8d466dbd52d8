import type { Collection, JsonObject, PipelineStage } from '../read-store.port';
import type { ContractContext } from './contract-harness';

interface Metric {
  _id: string;
  account: string;
  platform: string;
  day: string;
  likes: number;
  tags: string[];
  reach?: number;
}

const METRICS: Metric[] = [
  {
    _id: 'm1',
    account: 'acme',
    platform: 'x',
    day: '2025-01-01',
    likes: 10,
    tags: ['launch', 'promo'],
    reach: 100,
  },
  { _id: 'm2', account: 'acme', platform: 'x', day: '2025-01-02', likes: 4, tags: ['promo'] },
  { _id: 'm3', account: 'acme', platform: 'linkedin', day: '2025-01-01', likes: 7, tags: [], reach: 50 },
  { _id: 'm4', account: 'globex', platform: 'x', day: '2025-01-03', likes: 1, tags: ['launch'], reach: 10 },
  { _id: 'm5', account: 'globex', platform: 'linkedin', day: '2025-01-02', likes: 8, tags: ['launch'] },
];

const byId = (a: JsonObject, b: JsonObject): number =>
  JSON.stringify(a._id).localeCompare(JSON.stringify(b._id));

export function aggregationContract(ctx: ContractContext): void {
  describe('aggregation', () => {
    let metrics: Collection<Metric>;

    beforeAll(async () => {
      metrics = ctx.fresh<Metric>('aggregation');
      await metrics.insertMany(METRICS);
    });

    it('$group with $sum, $count, $avg, $min, $max', async () => {
      const rows = await metrics.aggregate([
        {
          $group: {
            _id: '$account',
            likes: { $sum: '$likes' },
            posts: { $sum: 1 },
            counted: { $count: {} },
            avgReach: { $avg: '$reach' },
            minLikes: { $min: '$likes' },
            maxDay: { $max: '$day' },
          },
        },
      ]);
      expect(rows.sort(byId)).toEqual([
        { _id: 'acme', likes: 21, posts: 3, counted: 3, avgReach: 75, minLikes: 4, maxDay: '2025-01-02' },
        { _id: 'globex', likes: 9, posts: 2, counted: 2, avgReach: 10, minLikes: 1, maxDay: '2025-01-03' },
      ]);
    });

    it('$match then $group by a compound key, then $sort', async () => {
      const rows = await metrics.aggregate([
        { $match: { likes: { $gte: 4 } } },
        { $group: { _id: { account: '$account', platform: '$platform' }, likes: { $sum: '$likes' } } },
        { $sort: { likes: -1 } },
      ]);
      expect(rows).toEqual([
        { _id: { account: 'acme', platform: 'x' }, likes: 14 },
        { _id: { account: 'globex', platform: 'linkedin' }, likes: 8 },
        { _id: { account: 'acme', platform: 'linkedin' }, likes: 7 },
      ]);
    });

    it('$group by null totals everything', async () => {
      expect(
        await metrics.aggregate([{ $group: { _id: null, likes: { $sum: '$likes' }, n: { $sum: 1 } } }]),
      ).toEqual([{ _id: null, likes: 30, n: 5 }]);
    });

    it('$first, $last and $push follow a preceding $sort', async () => {
      const rows = await metrics.aggregate([
        { $sort: { day: 1, _id: 1 } },
        {
          $group: {
            _id: '$account',
            first: { $first: '$day' },
            last: { $last: '$_id' },
            days: { $push: '$day' },
          },
        },
      ]);
      expect(rows.sort(byId)).toEqual([
        { _id: 'acme', first: '2025-01-01', last: 'm2', days: ['2025-01-01', '2025-01-01', '2025-01-02'] },
        { _id: 'globex', first: '2025-01-02', last: 'm4', days: ['2025-01-02', '2025-01-03'] },
      ]);
    });

    it('$unwind an array, then count per element', async () => {
      const rows = await metrics.aggregate([
        { $unwind: '$tags' },
        { $group: { _id: '$tags', n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ]);
      expect(rows).toEqual([
        { _id: 'launch', n: 3 },
        { _id: 'promo', n: 2 },
      ]);
    });

    it('$unwind with preserveNullAndEmptyArrays keeps documents without elements', async () => {
      const rows = await metrics.aggregate([
        { $match: { account: 'acme' } },
        { $unwind: { path: '$tags', preserveNullAndEmptyArrays: true } },
        { $project: { tags: 1 } },
        { $sort: { _id: 1, tags: 1 } },
      ]);
      expect(rows).toEqual([
        { _id: 'm1', tags: 'launch' },
        { _id: 'm1', tags: 'promo' },
        { _id: 'm2', tags: 'promo' },
        { _id: 'm3' },
      ]);
    });

    it('$project includes, excludes and renames fields', async () => {
      const pipeline: PipelineStage[] = [
        { $match: { _id: 'm1' } },
        { $project: { _id: 0, likes: 1, who: '$account' } },
      ];
      expect(await metrics.aggregate(pipeline)).toEqual([{ likes: 10, who: 'acme' }]);
      expect(await metrics.aggregate([{ $match: { _id: 'm2' } }, { $project: { tags: 0, day: 0 } }])).toEqual(
        [{ _id: 'm2', account: 'acme', platform: 'x', likes: 4 }],
      );
    });

    it('$sort, $skip, $limit and $count', async () => {
      const rows = await metrics.aggregate([
        { $sort: { likes: -1 } },
        { $skip: 1 },
        { $limit: 2 },
        { $project: { likes: 1 } },
      ]);
      expect(rows).toEqual([
        { _id: 'm5', likes: 8 },
        { _id: 'm3', likes: 7 },
      ]);
      expect(await metrics.aggregate([{ $match: { platform: 'x' } }, { $count: 'total' }])).toEqual([
        { total: 3 },
      ]);
      expect(await metrics.aggregate([{ $match: { platform: 'none' } }, { $count: 'total' }])).toEqual([]);
    });

    it.each<[string, unknown[]]>([
      ['$lookup', [{ $lookup: { from: 'x', localField: 'a', foreignField: 'b', as: 'c' } }]],
      ['$stdDevPop', [{ $group: { _id: null, s: { $stdDevPop: '$likes' } } }]],
      ['$regex', [{ $match: { account: { $regex: 'a' } } }]],
      ['$addFields', [{ $addFields: { x: 1 } }]],
    ])('rejects %s with READ_STORE.UNSUPPORTED_QUERY', async (operator, pipeline) => {
      await expect(metrics.aggregate(pipeline as PipelineStage[])).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
        details: { operator },
      });
    });
  });
}
