import { EmbeddedReadStore, type AnyDocument, type Filter } from '..';
import { compileFilter } from '../query/filter-matcher';
import type { JsonObject } from '../query/json-value';
import { planIndexScan } from './index-plan';
import type { IndexEntry } from './sqlite-catalog';

/** Values chosen to break naive ranges over JSON-encoded keys: escapes, quotes, prefixes, non-strings. */
const AWKWARD = [
  '2030-03-01T00:00:00.000Z',
  '2030-03-15T12:00:00.000Z',
  '2030-03-31T23:59:59.999Z',
  '2030-04-01T00:00:00.000Z',
  '2030-02-28T23:59:59.999Z',
  '2030-03',
  '2030-03-',
  '2030-03-01',
  '2030-03-01 ',
  '2030-03-01!',
  '2030-03-01"x',
  '2030-03-01\\x',
  '2030-03-01\u0001',
  '2030-03\n',
  '2030-03"',
  '2030-03\u0000z',
  '2030-03é',
  '2030-03😀',
  '2030-03-01T00:00:00.000Za',
  '2030-04',
  '2030-0',
  '',
  'z',
  '"quoted"',
  '\\',
  42,
  null,
  true,
];

const BOUNDS = [
  '2030-03',
  '2030-03-01',
  '2030-03-01T00:00:00.000Z',
  '2030-04-01T00:00:00.000Z',
  '2030-04',
  '2030-03"',
  '2030-03-01!',
  '',
  'z',
];

const index = (fields: Record<string, 1>, multikey: boolean): IndexEntry => ({
  name: 'i',
  fields: Object.keys(fields).map((path) => ({ path, segments: [path], direction: 1 })),
  unique: false,
  table: 'rs_idx_1',
  multikey,
});

describe(planIndexScan.name, () => {
  let store: EmbeddedReadStore;

  beforeAll(async () => {
    store = EmbeddedReadStore.open({ filename: ':memory:' });
    const docs: AnyDocument[] = [];
    AWKWARD.forEach((at, i) => {
      for (const org of ['a', 'b']) docs.push({ _id: `${org}-${i}`, org, at });
    });
    docs.push({ _id: 'missing', org: 'a' });
    await store.collection('scalar').insertMany(docs);
    await store.collection('scalar').createIndex({ fields: { org: 1, at: 1 } });
    await store.collection('single').insertMany(docs);
    await store.collection('single').createIndex({ fields: { at: 1 } });
    // Arrays make the index multikey: a range may be met by two different elements.
    await store
      .collection('arrays')
      .insertMany([
        ...docs,
        { _id: 'split', org: 'a', at: ['2030-02-01', '2030-05-01'] },
        { _id: 'inside', org: 'a', at: ['2030-03-05', 'zzz'] },
      ]);
    await store.collection('arrays').createIndex({ fields: { org: 1, at: 1 } });
  });
  afterAll(() => store.close());

  const ranges: Filter[] = [];
  for (const low of BOUNDS) {
    for (const high of BOUNDS) {
      ranges.push({ org: 'a', at: { $gte: low, $lt: high } });
      ranges.push({ org: 'a', at: { $gt: low, $lte: high } });
    }
    ranges.push(
      { org: 'a', at: { $gte: low } },
      { org: 'a', at: { $lt: low } },
      { org: 'a', at: { $lte: low } },
    );
  }

  it.each(['scalar', 'single', 'arrays'])(
    'finds exactly what a full scan finds, on the %s collection',
    async (name) => {
      const collection = store.collection(name);
      const all = await collection.find({}, { sort: { _id: 1 } });
      for (const filter of ranges) {
        const test = name === 'single' ? { at: filter.at } : filter;
        const expected = all
          .filter((doc) => compileFilter(test)(doc as unknown as JsonObject))
          .map((doc) => doc._id);
        const found = (await collection.find(test, { sort: { _id: 1 } })).map((doc) => doc._id);
        expect({ filter: test, found }).toEqual({ filter: test, found: expected });
      }
    },
  );

  it('scans only the organization and the month for a calendar query', () => {
    const scan = planIndexScan(
      { org: 'a', at: { $gte: '2030-03-01T00:00:00.000Z', $lt: '2030-04-01T00:00:00.000Z' } },
      [index({ at: 1 }, false), index({ org: 1, at: 1 }, false)],
    );
    expect(scan?.index.fields.map((field) => field.path)).toEqual(['org', 'at']);
    expect(scan?.params.slice(0, 2)).toEqual([
      '"a"\u0001"2030-03-01T00:00:00.000Z',
      '"a"\u0001"2030-04-01T00:00:00.000Z',
    ]);
  });

  it('keeps one bound only on a multikey index, and uses equality on every pinned field', () => {
    const multikey = planIndexScan({ org: 'a', at: { $gte: '2030-03', $lt: '2030-04' } }, [
      index({ org: 1, at: 1 }, true),
    ]);
    expect(multikey?.params).toEqual(['"a"\u0001"2030-03', '"a"\u0001#']);
    const pinned = planIndexScan({ org: { $in: ['a', 'b'] }, at: '2030-03' }, [
      index({ org: 1, at: 1 }, false),
    ]);
    expect(pinned?.sql).toBe('key = ? OR key = ?');
  });

  it('leaves filters that pin no leading field to a full scan', () => {
    expect(planIndexScan({ at: { $gte: '2030' } }, [index({ org: 1, at: 1 }, false)])).toBeNull();
    expect(planIndexScan({ org: { $ne: 'a' } }, [index({ org: 1, at: 1 }, false)])).toBeNull();
  });
});
