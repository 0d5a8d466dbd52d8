import { PasswordHasher } from './password-hasher';

describe(PasswordHasher.name, () => {
  const sut = new PasswordHasher();

  it('hashes with argon2id at the OWASP parameters, salted', async () => {
    const first = await sut.hash('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await sut.hash('correct horse battery staple')).not.toBe(first);
  });

  it('verifies the right password only', async () => {
    const hash = await sut.hash('correct horse battery staple');
    expect(await sut.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await sut.verify(hash, 'Correct horse battery staple')).toBe(false);
  });

  it('answers false, not an error, for a hash it cannot read (an erased account)', async () => {
    expect(await sut.verify({ erased: true, subjectId: 'user-1' }, 'anything at all')).toBe(false);
    expect(await sut.verify('$argon2id$garbage', 'anything at all')).toBe(false);
  });
});
