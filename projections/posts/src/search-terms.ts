/**
 * Text search that runs the same on the embedded store and MongoDB/FerretDB: each post stores a
 * `terms` array (lower-case, accents folded, plus word prefixes) and a search is `{ terms: { $all } }`.
 * No `$text` or `$regex`: neither exists on both adapters (libs/read-store/README.md).
 */
const MIN_PREFIX = 2;
const MAX_PREFIX = 20;
const MAX_WORD = 64;
/** Bounds the array a long post stores (LinkedIn allows 3,000 characters). */
const MAX_TERMS = 4000;

function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map((word) => Array.from(word).slice(0, MAX_WORD).join(''));
}

/** Every word and every prefix of MIN_PREFIX to MAX_PREFIX characters, so `laun` finds `launch`. */
export function searchTerms(texts: readonly (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    for (const word of words(text)) {
      terms.add(word);
      const characters = Array.from(word);
      for (let length = MIN_PREFIX; length < Math.min(characters.length, MAX_PREFIX + 1); length += 1) terms.add(characters.slice(0, length).join(''));
      if (terms.size >= MAX_TERMS) return [...terms].slice(0, MAX_TERMS).sort();
    }
  }
  return [...terms].sort();
}

/** The terms a query must all match; each word of the query may be the start of a word of the post. */
export function queryTerms(query: string): string[] {
  return [...new Set(words(query))];
}
