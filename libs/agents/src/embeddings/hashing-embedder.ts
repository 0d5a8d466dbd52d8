import type { Embedder } from './embedder.port';
import { fnv1a, tokenize } from './tokenize';

/**
 * The offline embedder used when no embedding endpoint is configured: feature hashing of words
 * and word pairs into a fixed number of dimensions, with sublinear term frequency and a signed
 * hash so collisions cancel rather than pile up, then L2-normalised for cosine distance.
 * It is lexical, not semantic: "launch" and "release" do not meet. Honest, cheap, deterministic.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;

  constructor(private readonly dimensions = 512) {
    this.id = `hash${dimensions}`;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }

  private vector(text: string): number[] {
    const tokens = tokenize(text).map((token) => token.replace(/^#/, ''));
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
    tokens.forEach((token, index) => {
      add(token, 1);
      if (index > 0) add(`${tokens[index - 1]} ${token}`, 0.5);
    });
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, count] of counts) {
      const hash = fnv1a(feature);
      const sign = (fnv1a(feature, 0x9747b28c) & 1) === 0 ? 1 : -1;
      vector[hash % this.dimensions] += sign * (1 + Math.log(count));
    }
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
    return norm === 0 ? vector : vector.map((value) => value / norm);
  }
}
