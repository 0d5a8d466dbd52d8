import { tokenize } from '../embeddings/tokenize';

export interface PastPost {
  readonly text: string;
  readonly hashtags: readonly string[];
  /** Measured engagement rate, null when never measured. */
  readonly engagementRate: number | null;
}

export interface HashtagSuggestion {
  readonly tag: string;
  readonly score: number;
  /** Past posts that used it. */
  readonly uses: number;
  readonly averageEngagementRate: number | null;
  /** `topic`: from posts about the same words; `overall`: the organization's best tags, nothing matched the topic. */
  readonly basis: 'topic' | 'overall';
}

const STOP_WORDS = new Set(
  'the a an and or but of to in on for with at by from is are was were be been it this that these those our your we you they i my me us as so if not no do does did have has had will just about into over out up more most new'.split(
    ' ',
  ),
);

const normalizeTag = (tag: string) => `#${tag.replace(/^#+/, '').toLowerCase()}`;

/**
 * Hashtags from the organization's own history: past posts are weighted by their TF-IDF
 * similarity to the topic and by how well they performed against the organization's average,
 * and their hashtags inherit that weight. Nothing is invented: a tag is only suggested if the
 * organization has used it.
 */
export function suggestHashtags(topic: string, history: readonly PastPost[], limit = 8): HashtagSuggestion[] {
  if (history.length === 0) return [];
  const docs = history.map((post) => terms(`${post.text} ${post.hashtags.join(' ')}`));
  const df = new Map<string, number>();
  for (const doc of docs) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log((docs.length + 1) / ((df.get(term) ?? 0) + 1)) + 1;
  const vectorOf = (tokens: string[]) => {
    const vector = new Map<string, number>();
    for (const token of tokens) vector.set(token, (vector.get(token) ?? 0) + 1);
    for (const [term, count] of vector) vector.set(term, (1 + Math.log(count)) * idf(term));
    return vector;
  };
  const query = vectorOf(terms(topic));
  const similarities = docs.map((doc) => cosine(query, vectorOf(doc)));
  const measured = history.map((post) => post.engagementRate).filter((rate): rate is number => rate !== null);
  const meanRate = measured.length === 0 ? null : measured.reduce((a, b) => a + b, 0) / measured.length;
  const performance = (post: PastPost) =>
    post.engagementRate === null || meanRate === null || meanRate === 0
      ? 1
      : Math.min(3, Math.max(0.25, post.engagementRate / meanRate));
  const anyMatch = similarities.some((similarity) => similarity > 0);

  const tags = new Map<string, { score: number; uses: number; rates: number[] }>();
  history.forEach((post, index) => {
    const relevance = anyMatch ? similarities[index] : 1;
    for (const raw of new Set(post.hashtags.map(normalizeTag))) {
      const entry = tags.get(raw) ?? { score: 0, uses: 0, rates: [] };
      entry.score += relevance * performance(post);
      entry.uses += 1;
      if (post.engagementRate !== null) entry.rates.push(post.engagementRate);
      tags.set(raw, entry);
    }
  });
  return [...tags.entries()]
    .filter(([, entry]) => entry.score > 0)
    .map(([tag, entry]) => ({
      tag,
      score: Math.round(entry.score * 1000) / 1000,
      uses: entry.uses,
      averageEngagementRate:
        entry.rates.length === 0 ? null : entry.rates.reduce((a, b) => a + b, 0) / entry.rates.length,
      basis: anyMatch ? ('topic' as const) : ('overall' as const),
    }))
    .sort((a, b) => b.score - a.score || b.uses - a.uses || a.tag.localeCompare(b.tag))
    .slice(0, limit);
}

function terms(text: string): string[] {
  return tokenize(text)
    .map((token) => token.replace(/^#/, ''))
    .filter((token) => !STOP_WORDS.has(token));
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
  const norm = (vector: Map<string, number>) =>
    Math.sqrt([...vector.values()].reduce((sum, w) => sum + w * w, 0));
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot / denominator;
}
