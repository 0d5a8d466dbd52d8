import { compareStrings, compareValues, toStorableDocument, valuesEqual } from './json-value';

describe(compareValues.name, () => {
  it('orders types as MongoDB does: null < numbers < strings < objects < arrays < booleans', () => {
    const shuffled = [true, [1], { a: 1 }, 'a', 2, null, -1, false, 'B'];
    expect([...shuffled].sort(compareValues)).toEqual([null, -1, 2, 'B', 'a', { a: 1 }, [1], false, true]);
  });

  it('compares objects field by field, key names and order included', () => {
    expect(compareValues({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(-1);
    expect(valuesEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(valuesEqual({ a: [1, { c: null }] }, { a: [1, { c: null }] })).toBe(true);
  });
});

describe(compareStrings.name, () => {
  it('orders by code point (UTF-8 byte order), not UTF-16 units', () => {
    // U+FF5E is a single unit 0xFF5E; U+1F600 is the surrogate pair 0xD83D 0xDE00.
    expect(compareStrings('\uFF5E', '\u{1F600}')).toBe(-1);
    expect('\uFF5E' < '\u{1F600}').toBe(false);
    expect(Buffer.compare(Buffer.from('\uFF5E'), Buffer.from('\u{1F600}'))).toBe(-1);
  });
});

describe(toStorableDocument.name, () => {
  it('normalises -0 and drops undefined properties', () => {
    expect(toStorableDocument({ _id: 'x', n: -0, gone: undefined })).toEqual({ _id: 'x', n: 0 });
    expect(Object.is(toStorableDocument({ _id: 'x', n: -0 }).n, 0)).toBe(true);
  });

  it('rejects class instances and undefined array elements', () => {
    expect(() => toStorableDocument({ _id: 'x', m: new Map() })).toThrow(
      expect.objectContaining({ code: 'READ_STORE.INVALID_DOCUMENT' }),
    );
    expect(() => toStorableDocument({ _id: 'x', a: [1, undefined] })).toThrow(
      expect.objectContaining({ code: 'READ_STORE.INVALID_DOCUMENT' }),
    );
  });
});
