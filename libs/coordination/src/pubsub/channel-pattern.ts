/**
 * Redis's glob dialect for PSUBSCRIBE (`*`, `?`, `[abc]`, `[^a-z]`, `\x`), so the in-memory
 * adapter matches exactly the channels Redis would. Follows Redis's stringmatchlen: a range may
 * be written backwards (`[z-a]`), an unclosed `[` matches up to the end of the pattern.
 */
export function matchesChannelPattern(pattern: string, channel: string): boolean {
  return matchFrom(pattern, 0, channel, 0);
}

function matchFrom(pattern: string, p: number, text: string, t: number): boolean {
  while (p < pattern.length) {
    const token = pattern[p];
    if (token === '*') {
      while (pattern[p + 1] === '*') p++;
      if (p + 1 === pattern.length) return true;
      for (let start = t; start <= text.length; start++) {
        if (matchFrom(pattern, p + 1, text, start)) return true;
      }
      return false;
    }
    if (t >= text.length) return false;
    if (token === '?') {
      p++;
      t++;
      continue;
    }
    if (token === '[') {
      const klass = readClass(pattern, p + 1);
      if (klass.matches(text[t]) === klass.negated) return false;
      p = klass.end;
      t++;
      continue;
    }
    let literal = token;
    if (token === '\\' && p + 1 < pattern.length) literal = pattern[++p];
    if (literal !== text[t]) return false;
    p++;
    t++;
  }
  return t === text.length;
}

interface CharacterClass {
  negated: boolean;
  matches(character: string): boolean;
  /** Index just after the closing `]`. */
  end: number;
}

function readClass(pattern: string, start: number): CharacterClass {
  let p = start;
  const negated = pattern[p] === '^';
  if (negated) p++;
  const singles = new Set<string>();
  const ranges: Array<[string, string]> = [];
  while (p < pattern.length && pattern[p] !== ']') {
    if (pattern[p] === '\\' && p + 1 < pattern.length) {
      singles.add(pattern[p + 1]);
      p += 2;
    } else if (pattern[p + 1] === '-' && p + 2 < pattern.length && pattern[p + 2] !== ']') {
      const [a, b] = [pattern[p], pattern[p + 2]];
      ranges.push(a <= b ? [a, b] : [b, a]);
      p += 3;
    } else {
      singles.add(pattern[p]);
      p++;
    }
  }
  return {
    negated,
    matches: (character) =>
      singles.has(character) || ranges.some(([low, high]) => character >= low && character <= high),
    end: p < pattern.length ? p + 1 : p,
  };
}

/** Escapes a literal (a key prefix) so it can head a Redis glob pattern. */
export function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
