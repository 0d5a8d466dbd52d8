import type { VectorMemory } from '../src/memory/vector-memory.port';

const ORG_A = 'org-a';
const ORG_B = 'org-b';

const memory = (
  id: string,
  text: string,
  extra: {
    subjectId?: string | null;
    at?: string;
    attributes?: Record<string, string | number | boolean>;
  } = {},
) => ({
  id,
  text,
  subjectId: extra.subjectId ?? null,
  recordedAt: extra.at ?? '2025-03-01T10:00:00.000Z',
  attributes: extra.attributes ?? {},
});

/** One behaviour for every VectorMemory adapter: each adapter's spec runs this suite against a fresh instance. */
export function describeVectorMemoryContract(name: string, open: () => Promise<VectorMemory>): void {
  describe(`VectorMemory contract: ${name}`, () => {
    let sut: VectorMemory;
    beforeEach(async () => {
      sut = await open();
    });
    afterEach(async () => {
      await sut.forgetOrganization(ORG_A);
      await sut.forgetOrganization(ORG_B);
      await sut.close();
    });

    it('recalls the closest memories of the organization first, with their facts', async () => {
      await sut.remember(ORG_A, 'brand_voice', [
        memory('v1', 'Playful and warm tone, short sentences, emoji welcome', {
          attributes: { platform: 'instagram' },
        }),
        memory('v2', 'Quarterly financial results and shareholder letters', {
          attributes: { platform: 'linkedin' },
        }),
        memory('v3', 'Warm playful captions for spring launches', { attributes: { platform: 'instagram' } }),
      ]);
      const hits = await sut.search(ORG_A, 'brand_voice', { query: 'playful warm captions', limit: 2 });
      expect(hits.map((hit) => hit.id).sort()).toEqual(['v1', 'v3']);
      expect(hits[0].score).toBeGreaterThan(0);
      expect(hits[0]).toMatchObject({ organizationId: ORG_A, collection: 'brand_voice', subjectId: null });
      expect(hits.find((hit) => hit.id === 'v1')?.attributes).toEqual({ platform: 'instagram' });
      const linkedin = await sut.search(ORG_A, 'brand_voice', {
        query: 'playful',
        limit: 5,
        where: { platform: 'linkedin' },
      });
      expect(linkedin.map((hit) => hit.id)).toEqual(['v2']);
    });

    it("never recalls another organization's memories, even with the same ids and text", async () => {
      await sut.remember(ORG_A, 'content_history', [
        memory('m1', 'Secret launch plan for the spring collection'),
      ]);
      await sut.remember(ORG_B, 'content_history', [
        memory('m1', 'Secret launch plan for the spring collection B'),
      ]);
      const fromB = await sut.search(ORG_B, 'content_history', {
        query: 'Secret launch plan for the spring collection',
        limit: 10,
      });
      expect(fromB.map((hit) => [hit.organizationId, hit.text])).toEqual([
        [ORG_B, 'Secret launch plan for the spring collection B'],
      ]);
      expect((await sut.recent(ORG_A, 'content_history', 10)).map((m) => m.text)).toEqual([
        'Secret launch plan for the spring collection',
      ]);
      expect(await sut.search('org-c', 'content_history', { query: 'launch', limit: 5 })).toEqual([]);
      expect(await sut.search(ORG_A, 'crisis_patterns', { query: 'launch', limit: 5 })).toEqual([]);
    });

    it('replaces a memory written again under the same id and forgets by id within the organization', async () => {
      await sut.remember(ORG_A, 'engagement_patterns', [memory('p1', 'Tuesday mornings perform best')]);
      await sut.remember(ORG_A, 'engagement_patterns', [memory('p1', 'Thursday evenings perform best')]);
      await sut.remember(ORG_B, 'engagement_patterns', [memory('p1', 'Monday lunch performs best')]);
      expect((await sut.recent(ORG_A, 'engagement_patterns', 10)).map((m) => m.text)).toEqual([
        'Thursday evenings perform best',
      ]);
      await sut.forget(ORG_A, 'engagement_patterns', ['p1']);
      expect(await sut.recent(ORG_A, 'engagement_patterns', 10)).toEqual([]);
      expect((await sut.recent(ORG_B, 'engagement_patterns', 10)).map((m) => m.text)).toEqual([
        'Monday lunch performs best',
      ]);
    });

    it('lists recent memories newest first, bounded', async () => {
      await sut.remember(ORG_A, 'content_history', [
        memory('old', 'first post', { at: '2025-01-01T00:00:00.000Z' }),
        memory('new', 'third post', { at: '2025-03-01T00:00:00.000Z' }),
        memory('mid', 'second post', { at: '2025-02-01T00:00:00.000Z' }),
      ]);
      expect((await sut.recent(ORG_A, 'content_history', 2)).map((m) => m.id)).toEqual(['new', 'mid']);
    });

    it('forgets every memory of an erased subject, in every organization and collection, and nothing else', async () => {
      await sut.remember(ORG_A, 'crisis_patterns', [
        memory('c1', 'Angry complaint about late delivery', { subjectId: 'contact-9' }),
        memory('c2', 'Praise for support team', { subjectId: 'contact-1' }),
      ]);
      await sut.remember(ORG_B, 'competitor_insights', [
        memory('i1', 'Mentioned by contact 9', { subjectId: 'contact-9' }),
      ]);
      expect(await sut.forgetSubject('contact-9')).toBe(2);
      expect((await sut.recent(ORG_A, 'crisis_patterns', 10)).map((m) => m.id)).toEqual(['c2']);
      expect(await sut.recent(ORG_B, 'competitor_insights', 10)).toEqual([]);
      expect(
        await sut.search(ORG_A, 'crisis_patterns', { query: 'late delivery complaint', limit: 5 }),
      ).toEqual([expect.objectContaining({ id: 'c2', subjectId: 'contact-1' })]);
      expect(await sut.forgetSubject('contact-9')).toBe(0);
    });

    it('refuses unscoped or malformed operations', async () => {
      await expect(sut.search('', 'brand_voice', { query: 'x', limit: 1 })).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });
      await expect(
        sut.remember(ORG_A, 'brand_voice', [memory('x', 'text', { attributes: { organizationId: ORG_B } })]),
      ).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });
      await expect(sut.search(ORG_A, 'brand_voice', { query: 'x', limit: 0 })).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });
    });
  });
}
