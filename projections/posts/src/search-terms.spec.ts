import { queryTerms, searchTerms } from './search-terms';

describe(searchTerms.name, () => {
  it('folds case and accents, splits on punctuation and keeps word prefixes', () => {
    const sut = searchTerms(['Café LAUNCH! #Spring2030 @Acme_Corp']);
    expect(sut).toEqual(expect.arrayContaining(['cafe', 'ca', 'caf', 'launch', 'la', 'lau', 'laun', 'launc', 'spring2030', 'acme', 'corp']));
    expect(sut).not.toContain('café');
    expect(sut).not.toContain('c');
    expect(sut).toEqual([...sut].sort());
  });

  it('ignores missing texts and deduplicates', () => {
    expect(searchTerms([null, undefined, 'go go'])).toEqual(['go']);
  });

  it('keeps whole long words but prefixes only up to 20 characters', () => {
    const word = 'a'.repeat(30);
    const sut = searchTerms([word]);
    expect(sut).toContain(word);
    expect(sut).toContain('a'.repeat(20));
    expect(sut).not.toContain('a'.repeat(21));
  });
});

describe(queryTerms.name, () => {
  it('normalises a query the same way', () => {
    expect(queryTerms('  Café, launch café ')).toEqual(['cafe', 'launch']);
    expect(queryTerms('!!!')).toEqual([]);
  });
});
