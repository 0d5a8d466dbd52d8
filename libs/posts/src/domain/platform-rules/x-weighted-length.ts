/**
 * X counts text by weight (twitter-text v3 configuration): code points in the Latin and general
 * punctuation ranges weigh 1, everything else (CJK, most symbols) 2; an emoji sequence weighs 2
 * however many code points it joins; every URL weighs 23, the length of the t.co link replacing
 * it; text is NFC-normalized first.
 * Source: https://docs.x.com/fundamentals/counting-characters (checked 2026-11-23).
 */
export const X_URL_WEIGHT = 23;

const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

// Scheme URLs, `www.` hosts and bare domains with a common TLD — the forms twitter-text links.
const URL_PATTERN =
  /\b(?:https?:\/\/[^\s]+|www\.[^\s]+|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:com|net|org|io|co|dev|app|ai|ly|me|info|biz|edu|gov|uk|de|fr|es|it|nl|ca|au|jp|us)(?:\/[^\s]*)?)/gi;

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function codePointWeight(codePoint: number): number {
  return LIGHT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2;
}

export function xWeightedLength(text: string): number {
  const normalized = text.normalize('NFC');
  let urlWeight = 0;
  const withoutUrls = normalized.replace(URL_PATTERN, () => {
    urlWeight += X_URL_WEIGHT;
    return '';
  });
  let weight = urlWeight;
  for (const { segment } of segmenter.segment(withoutUrls)) {
    if (EMOJI.test(segment)) {
      weight += 2;
      continue;
    }
    for (const char of segment) weight += codePointWeight(char.codePointAt(0) ?? 0);
  }
  return weight;
}
