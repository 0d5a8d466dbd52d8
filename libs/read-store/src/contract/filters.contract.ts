import type { Collection, Filter } from '../read-store.port';
import { post, sortedIds, type ContractContext, type PostDoc } from './contract-harness';

const POSTS: PostDoc[] = [
  post('p1', {
    status: 'published',
    tags: ['launch', 'promo'],
    metrics: { likes: 10, shares: 2 },
    scheduledAt: '2025-01-10T09:00:00.000Z',
    channels: [{ platform: 'x', handle: '@a' }],
    priority: 1,
  }),
  post('p2', {
    status: 'scheduled',
    tags: ['promo'],
    metrics: { likes: 3, shares: 0 },
    scheduledAt: '2025-02-01T12:00:00.000Z',
    channels: [
      { platform: 'linkedin', handle: 'acme' },
      { platform: 'x', handle: '@b' },
    ],
    priority: 5,
  }),
  post('p3', { status: 'draft', tags: [], metrics: { likes: 0, shares: 0 }, priority: 'high' }),
  post('p4', {
    tenantId: 't2',
    status: 'published',
    tags: ['launch'],
    metrics: { likes: 42, shares: 7 },
    scheduledAt: '2024-12-24T18:30:00.000Z',
  }),
  post('p5', { status: 'draft', tags: ['promo', 'launch'], metrics: { likes: 7, shares: 1 }, priority: 3 }),
];

/** [description, filter, ids that must match]; every case runs through find and count. */
const CASES: Array<[string, Filter<PostDoc>, string[]]> = [
  ['empty filter matches all', {}, ['p1', 'p2', 'p3', 'p4', 'p5']],
  ['equality on a field', { status: 'published' }, ['p1', 'p4']],
  ['several fields are ANDed', { status: 'published', tenantId: 't1' }, ['p1']],
  ['equality on a dotted path', { 'metrics.likes': 3 }, ['p2']],
  ['equality on an embedded document (key order matters)', { metrics: { likes: 0, shares: 0 } }, ['p3']],
  ['array contains a value', { tags: 'launch' }, ['p1', 'p4', 'p5']],
  ['array equals an exact array', { tags: ['promo', 'launch'] }, ['p5']],
  ['empty array equality', { tags: [] }, ['p3']],
  ['path through an array of objects', { 'channels.platform': 'x' }, ['p1', 'p2']],
  ['$eq', { status: { $eq: 'draft' } }, ['p3', 'p5']],
  ['$ne includes documents lacking the field', { priority: { $ne: 5 } }, ['p1', 'p3', 'p4', 'p5']],
  ['$gt on numbers', { 'metrics.likes': { $gt: 7 } }, ['p1', 'p4']],
  ['$gte and $lt together', { 'metrics.likes': { $gte: 3, $lt: 10 } }, ['p2', 'p5']],
  ['$lte', { 'metrics.shares': { $lte: 0 } }, ['p2', 'p3']],
  ['$gt on ISO date strings', { scheduledAt: { $gt: '2025-01-01T00:00:00.000Z' } }, ['p1', 'p2']],
  ['comparisons only match values of the same type', { priority: { $gt: 0 } }, ['p1', 'p2', 'p5']],
  ['string comparison does not match numbers', { priority: { $gte: 'a' } }, ['p3']],
  ['null matches null and missing', { scheduledAt: null }, ['p3', 'p5']],
  ['null matches a missing field', { priority: null }, ['p4']],
  ['$exists true', { priority: { $exists: true } }, ['p1', 'p2', 'p3', 'p5']],
  ['$exists false', { priority: { $exists: false } }, ['p4']],
  ['$exists on a dotted path into arrays', { 'channels.handle': { $exists: true } }, ['p1', 'p2']],
  ['$in with scalars', { status: { $in: ['scheduled', 'published'] } }, ['p1', 'p2', 'p4']],
  ['$in against an array field', { tags: { $in: ['launch', 'nothing'] } }, ['p1', 'p4', 'p5']],
  ['$in with null matches missing', { priority: { $in: [null, 5] } }, ['p2', 'p4']],
  ['$nin', { status: { $nin: ['draft', 'scheduled'] } }, ['p1', 'p4']],
  ['$all', { tags: { $all: ['launch', 'promo'] } }, ['p1', 'p5']],
  ['$size', { tags: { $size: 1 } }, ['p2', 'p4']],
  ['$not negates an operator and matches missing', { priority: { $not: { $gt: 2 } } }, ['p1', 'p3', 'p4']],
  ['$and', { $and: [{ tags: 'promo' }, { 'metrics.likes': { $gt: 5 } }] }, ['p1', 'p5']],
  ['$or', { $or: [{ status: 'scheduled' }, { tenantId: 't2' }] }, ['p2', 'p4']],
  ['$nor', { $nor: [{ status: 'draft' }, { tenantId: 't2' }] }, ['p1', 'p2']],
  ['_id with $in', { _id: { $in: ['p2', 'p5', 'missing'] } }, ['p2', 'p5']],
  [
    'nested logic',
    { tenantId: 't1', $or: [{ tags: { $size: 0 } }, { $and: [{ status: 'published' }, { priority: 1 }] }] },
    ['p1', 'p3'],
  ],
];

const UNSUPPORTED: Array<[string, Record<string, unknown>]> = [
  ['$regex', { title: { $regex: '^Post' } }],
  ['$elemMatch', { channels: { $elemMatch: { platform: 'x' } } }],
  ['$where', { $where: 'this.a > 1' }],
  ['$expr', { $expr: { $gt: ['$a', 1] } }],
  ['$type', { priority: { $type: 'string' } }],
  ['$text', { $text: { $search: 'post' } }],
];

export function filtersContract(ctx: ContractContext): void {
  describe('filters', () => {
    let posts: Collection<PostDoc>;

    beforeAll(async () => {
      posts = ctx.fresh<PostDoc>('filters');
      await posts.insertMany(POSTS);
    });

    it.each(CASES)('%s', async (_description, filter, expected) => {
      expect(sortedIds(await posts.find(filter))).toEqual(expected);
      expect(await posts.count(filter)).toBe(expected.length);
    });

    it('findOne resolves the first match or null', async () => {
      expect((await posts.findOne({ tenantId: 't2' }))?._id).toBe('p4');
      expect(await posts.findOne({ tenantId: 'nobody' })).toBeNull();
    });

    it('reads from a collection that was never written return nothing', async () => {
      const empty = ctx.fresh<PostDoc>('never_written');
      expect(await empty.find({})).toEqual([]);
      expect(await empty.count()).toBe(0);
      expect(await empty.findOne({ _id: 'x' })).toBeNull();
    });

    it.each(UNSUPPORTED)(
      'rejects %s with READ_STORE.UNSUPPORTED_QUERY naming the operator',
      async (operator, filter) => {
        await expect(posts.find(filter)).rejects.toMatchObject({
          code: 'READ_STORE.UNSUPPORTED_QUERY',
          details: { operator },
        });
        await expect(posts.count(filter)).rejects.toMatchObject({ code: 'READ_STORE.UNSUPPORTED_QUERY' });
      },
    );

    it('rejects a condition mixing operators and plain fields', async () => {
      await expect(
        posts.find({ metrics: { $gt: 1, likes: 2 } } as unknown as Filter<PostDoc>),
      ).rejects.toMatchObject({ code: 'READ_STORE.UNSUPPORTED_QUERY' });
    });
  });
}
