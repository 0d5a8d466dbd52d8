import { canonicalJson, chainHash, GENESIS_HASH } from '../envelope/hash-chain';
import { hashedContentOf, metadataWithoutHashes, sealCanonical, sealMetadata, type UnsealedEvent } from './stored-event';

const event = (overrides: Partial<UnsealedEvent> = {}): UnsealedEvent => ({
  id: '0190e1b2-0000-7000-8000-000000000001',
  type: 'post.scheduled',
  schemaVersion: 2,
  streamId: 'post-"quoted"\\id',
  revision: 7,
  occurredAt: '2030-01-02T03:04:05.006Z',
  data: { title: 'Ünïcode \u2028', nested: { b: [1, null], a: true } },
  metadata: { tenantId: null, actor: { kind: 'agent', id: 'a-1' }, correlationId: 'c', causationId: 'x', subjectIds: ['s'], ip: '::1' },
  personalFields: [{ path: 'title', subjectId: 's' }],
  ...overrides,
});

const partsOf = (unsealed: UnsealedEvent) => ({
  ...unsealed,
  dataJson: canonicalJson(unsealed.data),
  metadataJson: canonicalJson(metadataWithoutHashes(unsealed.metadata)),
  personalFieldsJson: canonicalJson(unsealed.personalFields),
});

describe('sealCanonical', () => {
  it.each([
    ['a full event', event()],
    ['empty data and no personal fields', event({ data: {}, personalFields: [] })],
    ['scalar data', event({ data: 'just text' })],
  ])('hashes exactly what chainHash hashes for %s', (_, unsealed) => {
    const prevHash = 'f'.repeat(64);
    const sealed = sealCanonical(prevHash, partsOf(unsealed));
    expect(sealed.hash).toBe(chainHash(prevHash, hashedContentOf(unsealed)));
    expect(sealed.hash).toBe(sealMetadata(prevHash, unsealed).hash);
    const stored = JSON.parse(sealed.storedMetadataJson) as Record<string, unknown>;
    expect(stored).toEqual({ ...unsealed.metadata, prevHash, hash: sealed.hash });
  });

  it('ignores chain hashes the caller left in the metadata (copied from a recorded event)', () => {
    const copied = event({ metadata: { ...event().metadata, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) } as UnsealedEvent['metadata'] });
    const sealed = sealCanonical(GENESIS_HASH, partsOf(copied));
    expect(sealed.hash).toBe(chainHash(GENESIS_HASH, hashedContentOf(event())));
    expect(JSON.parse(sealed.storedMetadataJson)).toMatchObject({ prevHash: GENESIS_HASH, hash: sealed.hash });
  });
});
