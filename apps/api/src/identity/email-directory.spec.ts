import { EmbeddedReadStore, type ReadStore } from '@herald/read-store';
import { EmailDigest } from './email-digest';
import { EmailDirectory, STALE_CLAIM_MS } from './email-directory';

const NOW = new Date('2030-01-01T12:00:00.000Z');

describe(EmailDirectory.name, () => {
  let readStore: ReadStore;
  let sut: EmailDirectory;
  const digest = new EmailDigest(Buffer.alloc(32, 7));
  const ada = digest.of('ada@example.com');

  beforeEach(() => {
    readStore = EmbeddedReadStore.open({ filename: ':memory:' });
    sut = new EmailDirectory(readStore);
  });
  afterEach(() => readStore.close());

  it('keys addresses by a keyed digest of the normalized address', () => {
    expect(digest.of('  ADA@Example.com ')).toBe(ada);
    expect(ada).toMatch(/^[0-9a-f]{64}$/);
    expect(new EmailDigest(Buffer.alloc(32, 8)).of('ada@example.com')).not.toBe(ada);
  });

  it('gives an address to one registration only, even when two race', async () => {
    const outcomes = await Promise.allSettled([sut.claim(ada, NOW), sut.claim(ada, NOW)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'USER.ALREADY_REGISTERED' });
  });

  it('finds the user only once the registration completed', async () => {
    await sut.claim(ada, NOW);
    expect(await sut.userIdOf(ada)).toBeNull();
    await sut.activate(ada, 'user-ada');
    expect(await sut.userIdOf(ada)).toBe('user-ada');
    await expect(sut.claim(ada, new Date(NOW.getTime() + 2 * STALE_CLAIM_MS))).rejects.toMatchObject({
      code: 'USER.ALREADY_REGISTERED',
    });
  });

  it('frees a refused registration, and takes over one that died half-way', async () => {
    await sut.claim(ada, NOW);
    await sut.release(ada);
    await sut.claim(ada, NOW);
    await expect(sut.claim(ada, new Date(NOW.getTime() + STALE_CLAIM_MS - 1))).rejects.toMatchObject({
      code: 'USER.ALREADY_REGISTERED',
    });
    await expect(sut.claim(ada, new Date(NOW.getTime() + STALE_CLAIM_MS + 1))).resolves.toBeUndefined();
  });

  it('forgets every address of an erased user', async () => {
    await sut.claim(ada, NOW);
    await sut.activate(ada, 'user-ada');
    await sut.forgetUser('user-ada');
    expect(await sut.userIdOf(ada)).toBeNull();
    await expect(sut.claim(ada, NOW)).resolves.toBeUndefined();
  });
});
