import type { OAuthStateRecord, OAuthStateStore } from './oauth-state.port';

const record = (overrides: Partial<OAuthStateRecord> = {}): OAuthStateRecord => ({
  stateHash: 'a'.repeat(64),
  userId: 'user-1',
  organizationId: 'org-1',
  platform: 'x',
  redirectUri: 'https://app.example.com/oauth/x/callback',
  codeVerifier: 'v'.repeat(43),
  createdAt: '2026-11-24T10:00:00.000Z',
  expiresAt: '2026-11-24T10:10:00.000Z',
  ...overrides,
});

/** The behaviour every OAuthStateStore adapter must show; each adapter's spec runs it. */
export function oauthStateStoreContract(name: string, create: () => OAuthStateStore): void {
  describe(`${name} (OAuthStateStore contract)`, () => {
    let sut: OAuthStateStore;
    beforeEach(() => {
      sut = create();
    });

    it('returns what was saved, once', async () => {
      await sut.save(record());
      expect(await sut.take('a'.repeat(64))).toEqual(record());
      expect(await sut.take('a'.repeat(64))).toBeNull();
    });

    it('keeps a null verifier (platforms without PKCE)', async () => {
      await sut.save(record({ codeVerifier: null, platform: 'facebook' }));
      expect(await sut.take('a'.repeat(64))).toMatchObject({ codeVerifier: null, platform: 'facebook' });
    });

    it('lets only one of two racing takes have the record', async () => {
      await sut.save(record());
      const results = await Promise.all([sut.take('a'.repeat(64)), sut.take('a'.repeat(64))]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('refuses to overwrite a pending state', async () => {
      await sut.save(record());
      await expect(sut.save(record({ userId: 'attacker' }))).rejects.toMatchObject({ code: 'PLATFORM.OAUTH_STATE_INVALID' });
      expect(await sut.take('a'.repeat(64))).toMatchObject({ userId: 'user-1' });
    });

    it('purges expired records only', async () => {
      await sut.save(record({ stateHash: 'old', expiresAt: '2026-11-24T09:00:00.000Z' }));
      await sut.save(record({ stateHash: 'new', expiresAt: '2026-11-24T11:00:00.000Z' }));
      expect(await sut.purgeExpired(new Date('2026-11-24T10:00:00.000Z'))).toBe(1);
      expect(await sut.take('old')).toBeNull();
      expect(await sut.take('new')).not.toBeNull();
    });
  });
}
