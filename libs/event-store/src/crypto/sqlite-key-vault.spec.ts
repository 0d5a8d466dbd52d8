import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HeraldError } from '@herald/shared-kernel';
import { masterKeyFromBase64 } from './key-wrapping';
import { SqliteKeyVault } from './sqlite-key-vault';

describe(SqliteKeyVault.name, () => {
  let dir: string;
  let filename: string;
  const masterKey = randomBytes(32);
  const opened: SqliteKeyVault[] = [];
  const open = (key: Buffer = masterKey): SqliteKeyVault => {
    const vault = new SqliteKeyVault({ filename, masterKey: key });
    opened.push(vault);
    return vault;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-vault-'));
    filename = join(dir, 'vault.db');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((vault) => vault.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a 32-byte key per subject once and returns the same key afterwards, across reopen', async () => {
    const sut = open();
    const alice = await sut.getOrCreate('alice');
    const bob = await sut.getOrCreate('bob');
    expect(alice).toHaveLength(32);
    expect(alice.equals(bob)).toBe(false);
    expect((await sut.getOrCreate('alice')).equals(alice)).toBe(true);
    await sut.close();
    const reopened = open();
    expect((await reopened.get('alice'))?.equals(alice)).toBe(true);
  });

  it('answers null for a subject that never had a key', async () => {
    const sut = open();
    expect(await sut.get('nobody')).toBeNull();
    expect(await sut.isForgotten('nobody')).toBe(false);
  });

  it('never stores a key in plaintext', async () => {
    const sut = open();
    const key = await sut.getOrCreate('alice');
    await sut.close();
    const db = new Database(filename, { readonly: true });
    const rows = db.prepare('SELECT wrapped FROM subject_keys').all() as { wrapped: Buffer }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0].wrapped.includes(key)).toBe(false);
  });

  it('forgets a subject for good: get answers null, getOrCreate refuses with PRIVACY.SUBJECT_ERASED', async () => {
    const sut = open();
    await sut.getOrCreate('alice');
    await sut.forget('alice');
    expect(await sut.get('alice')).toBeNull();
    expect(await sut.isForgotten('alice')).toBe(true);
    await expect(sut.getOrCreate('alice')).rejects.toMatchObject({
      code: 'PRIVACY.SUBJECT_ERASED',
      details: { subjectId: 'alice' },
    });
    await sut.close();
    const reopened = open();
    expect(await reopened.get('alice')).toBeNull();
    await expect(reopened.getOrCreate('alice')).rejects.toMatchObject({ code: 'PRIVACY.SUBJECT_ERASED' });
  });

  it('keeps a tombstone for a subject forgotten before it ever had a key', async () => {
    const sut = open();
    await sut.forget('carol');
    await sut.forget('carol');
    expect(await sut.isForgotten('carol')).toBe(true);
    await expect(sut.getOrCreate('carol')).rejects.toMatchObject({ code: 'PRIVACY.SUBJECT_ERASED' });
  });

  it('refuses to open with another master key', async () => {
    const sut = open();
    await sut.getOrCreate('alice');
    await sut.close();
    expect(() => open(randomBytes(32))).toThrow(
      expect.objectContaining({ code: 'PRIVACY.MASTER_KEY_MISMATCH' }),
    );
  });

  it('refuses to unwrap a wrapped key copied onto another subject', async () => {
    const sut = open();
    await sut.getOrCreate('alice');
    await sut.getOrCreate('bob');
    await sut.close();
    const db = new Database(filename);
    db.prepare(
      "UPDATE subject_keys SET wrapped = (SELECT wrapped FROM subject_keys WHERE subject_id = 'alice') WHERE subject_id = 'bob'",
    ).run();
    db.close();
    const reopened = open();
    await expect(reopened.get('bob')).rejects.toMatchObject({
      code: 'PRIVACY.MASTER_KEY_MISMATCH',
      details: { subjectId: 'bob' },
    });
  });

  it('rejects a master key that is not 32 bytes', () => {
    expect(() => open(randomBytes(16))).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });

  it('rejects empty and reserved subject ids', async () => {
    const sut = open();
    await expect(sut.getOrCreate('')).rejects.toBeInstanceOf(HeraldError);
    await expect(sut.forget('$vault-check')).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });

  it('gives two racing vaults on one file the same key', async () => {
    const first = open();
    const second = open();
    const [a, b] = await Promise.all([first.getOrCreate('dave'), second.getOrCreate('dave')]);
    expect(a.equals(b)).toBe(true);
  });
});

describe(masterKeyFromBase64.name, () => {
  it('parses a base64 32-byte key', () => {
    const key = randomBytes(32);
    expect(masterKeyFromBase64(key.toString('base64')).equals(key)).toBe(true);
  });

  it.each([undefined, '', 'not base64!', randomBytes(16).toString('base64')])(
    'names HERALD_MASTER_KEY when the value is %p',
    (value) => {
      expect(() => masterKeyFromBase64(value)).toThrow(
        expect.objectContaining({ code: 'CONFIG.INVALID', details: { variable: 'HERALD_MASTER_KEY' } }),
      );
    },
  );
});
