/** Lower-cased words and #hashtags of at least two letters, accents folded; shared by the lexical tools. */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/#?[\p{L}\p{N}][\p{L}\p{N}_'-]*/gu) ?? []
  )
    .map((token) => token.replace(/^'+|'+$/g, ''))
    .filter((token) => token.replace('#', '').length >= 2);
}

/** 32-bit FNV-1a: stable across processes and versions, which feature hashing needs. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
