import type { Collection, Page, Sort } from '../read-store.port';
import { ids, type ContractContext } from './contract-harness';

interface Item {
  _id: string;
  group: string;
  rank: number | null;
  at?: string;
  detail?: { note: string; secret?: string };
}

const ITEMS: Item[] = [
  { _id: 'i01', group: 'b', rank: 3, at: '2025-03-01', detail: { note: 'n1', secret: 's1' } },
  { _id: 'i02', group: 'a', rank: 1, at: '2025-01-01' },
  { _id: 'i03', group: 'b', rank: null },
  { _id: 'i04', group: 'a', rank: 3, at: '2025-02-01' },
  { _id: 'i05', group: 'c', rank: 2 },
  { _id: 'i06', group: 'a', rank: null, at: '2025-01-15' },
  { _id: 'i07', group: 'c', rank: 5, at: '2024-12-31' },
  { _id: 'i08', group: 'b', rank: 1 },
];

async function allPages<T extends { _id: string }>(
  read: (after: string | null) => Promise<Page<T>>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await read(after);
    pages.push(ids(page.items));
    after = page.nextCursor;
  } while (after !== null && pages.length < 50);
  return pages;
}

export function pagingContract(ctx: ContractContext): void {
  describe('sort, skip, limit, projection', () => {
    let items: Collection<Item>;

    beforeAll(async () => {
      items = ctx.fresh<Item>('sorting');
      await items.insertMany(ITEMS);
    });

    it('sorts by several fields; nulls first ascending, last descending; _id breaks ties', async () => {
      expect(ids(await items.find({}, { sort: { rank: 1 } }))).toEqual([
        'i03',
        'i06',
        'i02',
        'i08',
        'i05',
        'i01',
        'i04',
        'i07',
      ]);
      expect(ids(await items.find({}, { sort: { rank: -1 } }))).toEqual([
        'i07',
        'i01',
        'i04',
        'i05',
        'i02',
        'i08',
        'i03',
        'i06',
      ]);
      expect(ids(await items.find({}, { sort: { group: 1, rank: -1 } }))).toEqual([
        'i04',
        'i02',
        'i06',
        'i01',
        'i08',
        'i03',
        'i07',
        'i05',
      ]);
    });

    it('missing fields sort like null', async () => {
      expect(ids(await items.find({}, { sort: { at: 1 } }))).toEqual([
        'i03',
        'i05',
        'i08',
        'i07',
        'i02',
        'i06',
        'i04',
        'i01',
      ]);
    });

    it('applies skip and limit after the sort', async () => {
      expect(
        ids(await items.find({ group: { $ne: 'c' } }, { sort: { _id: -1 }, skip: 1, limit: 3 })),
      ).toEqual(['i06', 'i04', 'i03']);
      expect(ids(await items.find({}, { sort: { _id: 1 }, limit: 0 }))).toHaveLength(ITEMS.length);
    });

    it('projects by inclusion or exclusion, with dotted paths', async () => {
      expect(await items.findOne({ _id: 'i01' }, { projection: { group: 1, 'detail.note': 1 } })).toEqual({
        _id: 'i01',
        group: 'b',
        detail: { note: 'n1' },
      });
      expect(
        await items.findOne({ _id: 'i01' }, { projection: { 'detail.secret': 0, at: 0, _id: 0 } }),
      ).toEqual({
        group: 'b',
        rank: 3,
        detail: { note: 'n1' },
      });
      await expect(items.find({}, { projection: { group: 1, rank: 0 } })).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
      });
    });
  });

  describe('cursor pagination (findPage)', () => {
    let items: Collection<Item>;

    beforeAll(async () => {
      items = ctx.fresh<Item>('paging');
      await items.insertMany(ITEMS);
    });

    it.each<[string, Sort<Item>]>([
      ['by _id', { _id: 1 }],
      ['by a nullable field ascending', { rank: 1 }],
      ['by a nullable field descending', { rank: -1 }],
      ['by two fields in mixed directions', { group: 1, rank: -1 }],
      ['by a sometimes-missing field descending', { at: -1 }],
    ])('visits every document exactly once, in sort order, %s', async (_label, sort) => {
      const expected = ids(await items.find({}, { sort }));
      const pages = await allPages((after) => items.findPage({}, { sort, limit: 3, after }));
      expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
      expect(pages.flat()).toEqual(expected);
    });

    it('combines with a filter', async () => {
      const pages = await allPages((after) =>
        items.findPage({ group: { $in: ['a', 'b'] } }, { sort: { rank: 1 }, limit: 4, after }),
      );
      expect(pages).toEqual([
        ['i03', 'i06', 'i02', 'i08'],
        ['i01', 'i04'],
      ]);
    });

    it('has no next cursor on the last page, also when the page is exactly full', async () => {
      const page = await items.findPage({ group: 'c' }, { sort: { _id: 1 }, limit: 2 });
      expect(page).toEqual({
        items: [expect.objectContaining({ _id: 'i05' }), expect.objectContaining({ _id: 'i07' })],
        nextCursor: null,
      });
    });

    it('stays stable when documents are inserted between pages', async () => {
      const live = ctx.fresh<Item>('paging_live');
      await live.insertMany(ITEMS);
      const first = await live.findPage({}, { sort: { rank: 1 }, limit: 4 });
      expect(ids(first.items)).toEqual(['i03', 'i06', 'i02', 'i08']);
      // One lands before the cursor (must not appear), one after it (must appear once).
      await live.insertMany([
        { _id: 'i00', group: 'z', rank: 0 },
        { _id: 'i99', group: 'z', rank: 2 },
      ]);
      const second = await live.findPage({}, { sort: { rank: 1 }, limit: 10, after: first.nextCursor });
      expect(ids(second.items)).toEqual(['i05', 'i99', 'i01', 'i04', 'i07']);
      expect(second.nextCursor).toBeNull();
    });

    it('rejects a cursor made for another sort, or a forged one, with READ_STORE.INVALID_CURSOR', async () => {
      const first = await items.findPage({}, { sort: { rank: 1 }, limit: 2 });
      await expect(
        items.findPage({}, { sort: { rank: -1 }, limit: 2, after: first.nextCursor }),
      ).rejects.toMatchObject({
        code: 'READ_STORE.INVALID_CURSOR',
      });
      await expect(
        items.findPage({}, { sort: { rank: 1 }, limit: 2, after: 'not-a-cursor' }),
      ).rejects.toMatchObject({
        code: 'READ_STORE.INVALID_CURSOR',
      });
      const forged = Buffer.from(JSON.stringify({ s: 'rank:1,_id:1', v: [{ $gt: 1 }, 'x'] })).toString(
        'base64url',
      );
      await expect(items.findPage({}, { sort: { rank: 1 }, limit: 2, after: forged })).rejects.toMatchObject({
        code: 'READ_STORE.INVALID_CURSOR',
      });
    });

    it('bounds the page size', async () => {
      await expect(items.findPage({}, { limit: 0 })).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
      });
      await expect(items.findPage({}, { limit: 1001 })).rejects.toMatchObject({
        code: 'READ_STORE.UNSUPPORTED_QUERY',
      });
    });
  });
}
