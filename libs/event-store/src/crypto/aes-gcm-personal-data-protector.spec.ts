import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { erasedValue, type PersonalField } from '../envelope/envelope';
import {
  AesGcmPersonalDataProtector,
  isEncryptedValue,
  type EncryptedValue,
} from './aes-gcm-personal-data-protector';
import { SqliteKeyVault } from './sqlite-key-vault';

describe(AesGcmPersonalDataProtector.name, () => {
  let dir: string;
  let vault: SqliteKeyVault;
  let sut: AesGcmPersonalDataProtector;
  const masterKey = randomBytes(32);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-protector-'));
    vault = new SqliteKeyVault({ filename: join(dir, 'vault.db'), masterKey });
    sut = new AesGcmPersonalDataProtector(vault);
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const contact = () => ({
    postId: 'post-1',
    author: { name: 'Ada Lovelace', email: 'ada@example.com' },
    phones: ['+44 1', '+44 2'],
    address: { city: 'London', zip: null },
    guests: [{ name: 'Charles' }],
  });
  const fields: PersonalField[] = [
    { path: 'author.email', subjectId: 'ada' },
    { path: 'author.name', subjectId: 'ada' },
    { path: 'phones', subjectId: 'ada' },
    { path: 'address', subjectId: 'ada' },
    { path: 'guests.0.name', subjectId: 'charles' },
  ];
  const at = (data: unknown, path: string): unknown =>
    path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], data);

  it('round-trips strings, arrays, objects, null-containing objects and array elements', async () => {
    const plain = contact();
    const encrypted = await sut.encrypt(plain, fields);
    expect(await sut.decrypt(encrypted, fields)).toEqual(plain);
  });

  it('stores only self-describing ciphertext at the listed paths and leaves the rest and the input untouched', async () => {
    const plain = contact();
    const encrypted = await sut.encrypt(plain, fields);
    for (const field of fields) {
      const value = at(encrypted, field.path);
      expect(isEncryptedValue(value)).toBe(true);
      expect(value).toMatchObject({ $enc: 'aes-256-gcm/v1', subjectId: field.subjectId });
    }
    expect(at(encrypted, 'postId')).toBe('post-1');
    expect(JSON.stringify(encrypted)).not.toMatch(/Ada|ada@example|London|Charles|\+44/);
    expect(plain).toEqual(contact());
  });

  it('uses a fresh IV each time, so equal values do not give equal ciphertexts', async () => {
    const one = (await sut.encrypt({ email: 'x@y.z' }, [{ path: 'email', subjectId: 'ada' }])) as {
      email: EncryptedValue;
    };
    const two = (await sut.encrypt({ email: 'x@y.z' }, [{ path: 'email', subjectId: 'ada' }])) as {
      email: EncryptedValue;
    };
    expect(one.email.iv).not.toBe(two.email.iv);
    expect(one.email.ct).not.toBe(two.email.ct);
  });

  it('reads a forgotten subject as the erased marker while other subjects stay readable', async () => {
    const encrypted = await sut.encrypt(contact(), fields);
    await vault.forget('ada');
    const decrypted = (await sut.decrypt(encrypted, fields)) as ReturnType<typeof contact>;
    expect(decrypted.author).toEqual({ name: erasedValue('ada'), email: erasedValue('ada') });
    expect(decrypted.phones).toEqual(erasedValue('ada'));
    expect(decrypted.guests[0].name).toBe('Charles');
    expect(decrypted.postId).toBe('post-1');
  });

  it('refuses to encrypt new data for a forgotten subject', async () => {
    await vault.forget('ada');
    await expect(sut.encrypt(contact(), fields)).rejects.toMatchObject({ code: 'PRIVACY.SUBJECT_ERASED' });
  });

  it('names the field when a ciphertext was altered, without leaking anything', async () => {
    const encrypted = (await sut.encrypt(contact(), fields)) as { author: { email: EncryptedValue } };
    const ct = Buffer.from(encrypted.author.email.ct, 'base64');
    ct[0] ^= 0x01;
    const tampered = {
      ...encrypted,
      author: { ...encrypted.author, email: { ...encrypted.author.email, ct: ct.toString('base64') } },
    };
    const error = await sut.decrypt(tampered, fields).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'PRIVACY.DECRYPTION_FAILED',
      details: { field: 'author.email', subjectId: 'ada' },
    });
    expect(JSON.stringify(error) + String(error)).not.toMatch(/ada@example|Ada/);
  });

  it('rejects an altered tag', async () => {
    const encrypted = (await sut.encrypt({ email: 'e' }, [{ path: 'email', subjectId: 'ada' }])) as {
      email: EncryptedValue;
    };
    const tag = Buffer.from(encrypted.email.tag, 'base64');
    tag[3] ^= 0xff;
    await expect(
      sut.decrypt({ email: { ...encrypted.email, tag: tag.toString('base64') } }, [
        { path: 'email', subjectId: 'ada' },
      ]),
    ).rejects.toMatchObject({
      code: 'PRIVACY.DECRYPTION_FAILED',
      details: { field: 'email' },
    });
  });

  it('rejects a ciphertext swapped into another field of the same subject', async () => {
    const encrypted = (await sut.encrypt(contact(), fields)) as {
      author: { email: EncryptedValue; name: EncryptedValue };
    };
    const swapped = { ...encrypted, author: { email: encrypted.author.name, name: encrypted.author.email } };
    await expect(sut.decrypt(swapped, fields)).rejects.toMatchObject({
      code: 'PRIVACY.DECRYPTION_FAILED',
      details: { field: 'author.email' },
    });
  });

  it('rejects a ciphertext relabelled with another subject', async () => {
    const encrypted = (await sut.encrypt({ email: 'e' }, [{ path: 'email', subjectId: 'ada' }])) as {
      email: EncryptedValue;
    };
    await vault.getOrCreate('eve');
    const relabelled = { email: { ...encrypted.email, subjectId: 'eve' } };
    await expect(sut.decrypt(relabelled, [{ path: 'email', subjectId: 'eve' }])).rejects.toMatchObject({
      code: 'PRIVACY.DECRYPTION_FAILED',
      details: { field: 'email', subjectId: 'eve' },
    });
    await expect(sut.decrypt(encrypted, [{ path: 'email', subjectId: 'eve' }])).rejects.toMatchObject({
      code: 'PRIVACY.DECRYPTION_FAILED',
    });
  });

  it('fails clearly when the vault holds another key (a restored or foreign vault)', async () => {
    const encrypted = await sut.encrypt({ email: 'e' }, [{ path: 'email', subjectId: 'ada' }]);
    const otherVault = new SqliteKeyVault({ filename: join(dir, 'other.db'), masterKey });
    try {
      await otherVault.getOrCreate('ada');
      await expect(
        new AesGcmPersonalDataProtector(otherVault).decrypt(encrypted, [{ path: 'email', subjectId: 'ada' }]),
      ).rejects.toMatchObject({
        code: 'PRIVACY.DECRYPTION_FAILED',
        details: { field: 'email' },
      });
    } finally {
      await otherVault.close();
    }
  });

  it('fails clearly when the vault has no key at all for the subject', async () => {
    const encrypted = await sut.encrypt({ email: 'e' }, [{ path: 'email', subjectId: 'ada' }]);
    const emptyVault = new SqliteKeyVault({ filename: ':memory:', masterKey });
    try {
      await expect(
        new AesGcmPersonalDataProtector(emptyVault).decrypt(encrypted, [{ path: 'email', subjectId: 'ada' }]),
      ).rejects.toMatchObject({
        code: 'PRIVACY.DECRYPTION_FAILED',
        details: { reason: 'the key vault has no key for this data subject' },
      });
    } finally {
      await emptyVault.close();
    }
  });

  it('rejects a plaintext value where ciphertext is expected', async () => {
    await expect(
      sut.decrypt({ email: 'ada@example.com' }, [{ path: 'email', subjectId: 'ada' }]),
    ).rejects.toMatchObject({
      code: 'PRIVACY.DECRYPTION_FAILED',
      details: { field: 'email' },
    });
  });

  it.each(['author.phone', 'phones.7', 'postId.length', 'nothing'])(
    'refuses to encrypt a missing path (%s)',
    async (path) => {
      await expect(sut.encrypt(contact(), [{ path, subjectId: 'ada' }])).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
        details: { field: path },
      });
    },
  );

  it.each([
    [['author', 'author.email'], 'nested'],
    [['phones', 'phones'], 'repeated'],
  ])('refuses overlapping paths (%s, %s)', async (paths) => {
    await expect(
      sut.encrypt(
        contact(),
        paths.map((path) => ({ path, subjectId: 'ada' })),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });

  it('refuses a malformed path', async () => {
    await expect(sut.encrypt(contact(), [{ path: 'author..email', subjectId: 'ada' }])).rejects.toMatchObject(
      { code: 'VALIDATION.FAILED' },
    );
  });

  it('returns data without personal fields as is', async () => {
    const data = { a: 1 };
    expect(await sut.encrypt(data, [])).toBe(data);
    expect(await sut.decrypt(data, [])).toBe(data);
  });
});
