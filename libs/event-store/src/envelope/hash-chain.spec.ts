import { canonicalJson, chainHash, GENESIS_HASH } from './hash-chain';

/** The definition canonicalJson must keep producing byte for byte (adapters and stored hashes depend on it). */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return referenceCanonicalJson(withToJson.toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => referenceCanonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${referenceCanonicalJson(item)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members, keeps array order and JSON escapes', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é"\n' }, u: undefined })).toBe('{"a":{"c":"é\\"\\n","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('serialises like JSON.stringify for dates, nested arrays and odd keys', () => {
    const values: unknown[] = [
      { when: new Date('2030-01-02T03:04:05.006Z'), list: [undefined, 1, 'x'], '10': 1, '9': 2, Z: 0, a: 0, 'ü': 1, '': 2 },
      [[[]], {}, '', 0, -0, 1e21, 1.5e-7],
      'plain',
      null,
    ];
    for (const value of values) {
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
      expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('non-finite');
    expect(() => canonicalJson({ n: BigInt(1) })).toThrow('bigint');
  });
});

describe('chainHash', () => {
  it('changes with the previous hash and with any content change', () => {
    const content = { id: 'e1', type: 't', schemaVersion: 1, streamId: 's-1', revision: 0, occurredAt: '2030-01-01T00:00:00.000Z', data: { a: 1 }, metadata: {}, personalFields: [] };
    const hash = chainHash(GENESIS_HASH, content);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...content })).toBe(hash);
    expect(chainHash('1'.repeat(64), content)).not.toBe(hash);
    expect(chainHash(GENESIS_HASH, { ...content, data: { a: 2 } })).not.toBe(hash);
    expect(chainHash(GENESIS_HASH, { ...content, revision: 1 })).not.toBe(hash);
  });
});
