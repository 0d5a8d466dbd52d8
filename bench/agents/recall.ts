import { HashingEmbedder, type NewMemory, type VectorMemory } from '@herald/agents';

const WORDS = [
  'picnic',
  'spring',
  'launch',
  'coffee',
  'sale',
  'weekend',
  'recipe',
  'garden',
  'team',
  'event',
  'summer',
  'discount',
  'webinar',
  'bakery',
  'running',
  'yoga',
  'travel',
  'beach',
  'winter',
  'holiday',
  'brunch',
  'festival',
  'workshop',
  'podcast',
  'giveaway',
  'review',
  'market',
  'city',
  'park',
  'music',
];

export const ORG = '0190f3a4-0000-7000-8000-0000000000c3';

/** Deterministic varied post texts: a linear congruential generator, so every run stores the same corpus. */
export function corpus(count: number, offset = 0): NewMemory[] {
  let seed = 0x2545f491 ^ offset;
  const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
  return Array.from({ length: count }, (_, index) => {
    const words = Array.from({ length: 12 }, () => WORDS[next() % WORDS.length]);
    return {
      id: `m-${offset + index}`,
      text: `${words.join(' ')} #${WORDS[next() % WORDS.length]}`,
      subjectId: null,
      attributes: { platform: index % 2 === 0 ? 'x' : 'linkedin' },
      recordedAt: new Date(Date.UTC(2025, 0, 1) + (offset + index) * 60_000).toISOString(),
    };
  });
}

export const embedder = new HashingEmbedder(512);

/** Loads up to `target` memories in batches until `budgetMs` runs out; returns how many are stored. */
export async function load(
  memory: VectorMemory,
  target: number,
  budgetMs: number,
  batch: number,
): Promise<number> {
  const deadline = performance.now() + budgetMs;
  let stored = 0;
  while (stored < target && performance.now() < deadline) {
    const size = Math.min(batch, target - stored);
    await memory.remember(ORG, 'content_history', corpus(size, stored));
    stored += size;
  }
  return stored;
}

/** Latency of `content_creator`'s recall (5 nearest posts) for varied queries. */
export async function recallLatencies(memory: VectorMemory, queries: number): Promise<number[]> {
  const samples: number[] = [];
  const texts = corpus(queries, 10_000_000).map((memory) => memory.text.split(' ').slice(0, 3).join(' '));
  for (const query of texts) {
    const started = performance.now();
    await memory.search(ORG, 'content_history', { query, limit: 5 });
    samples.push(performance.now() - started);
  }
  return samples;
}
