import { HashingEmbedder } from './hashing-embedder';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index], 0);

describe(HashingEmbedder.name, () => {
  const sut = new HashingEmbedder(512);

  it('gives unit vectors of the configured size, the same for the same text', async () => {
    const [a, b] = await sut.embed(['Spring picnic in the park', 'Spring picnic in the park']);
    expect(a).toHaveLength(512);
    expect(cosine(a, a)).toBeCloseTo(1, 10);
    expect(a).toEqual(b);
    expect(sut.id).toBe('hash512');
  });

  it('ranks lexical overlap above unrelated text, ignoring case, accents and the # of hashtags', async () => {
    const [query, close, far, accented] = await sut.embed([
      'picnic park spring',
      'A spring PICNIC in the #park',
      'Quarterly earnings call',
      'picnic parc été',
    ]);
    expect(cosine(query, close)).toBeGreaterThan(0.5);
    expect(Math.abs(cosine(query, far))).toBeLessThan(0.2);
    const [ete] = await sut.embed(['ete']);
    expect(cosine(accented, ete)).toBeGreaterThan(0);
  });

  it('embeds an empty text as the zero vector', async () => {
    const [empty] = await sut.embed(['']);
    expect(empty.every((value) => value === 0)).toBe(true);
  });
});
