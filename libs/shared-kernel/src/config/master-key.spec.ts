import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isHeraldError } from '../errors/herald-error';
import { MASTER_KEY_FILE, resolveMasterKey } from './master-key';

describe(resolveMasterKey.name, () => {
  let dataDir: string;
  let warnings: string[];
  const log = { warn: (message: string) => warnings.push(message) };

  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'herald-master-key-')), 'nested', 'data');
    warnings = [];
  });
  afterEach(() => rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true }));

  it('uses HERALD_MASTER_KEY when set and writes no file', () => {
    const key = Buffer.alloc(32, 9);
    const sut = resolveMasterKey({ mode: 'embedded', masterKey: key.toString('base64'), dataDir }, log);
    expect(sut.equals(key)).toBe(true);
    expect(() => statSync(path.join(dataDir, MASTER_KEY_FILE))).toThrow();
    expect(warnings).toEqual([]);
  });

  it('generates an owner-only key file once in embedded mode, with a warning, and reuses it', () => {
    const first = resolveMasterKey({ mode: 'embedded', dataDir }, log);
    const file = path.join(dataDir, MASTER_KEY_FILE);
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/HERALD_MASTER_KEY is not set: generated a master key in .*master\.key/);

    const second = resolveMasterKey({ mode: 'embedded', dataDir }, log);
    expect(second.equals(first)).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('restricts a key file other users can read', () => {
    resolveMasterKey({ mode: 'embedded', dataDir }, log);
    const file = path.join(dataDir, MASTER_KEY_FILE);
    chmodSync(file, 0o644);
    resolveMasterKey({ mode: 'embedded', dataDir }, log);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings[1]).toMatch(/readable by other users/);
  });

  it('refuses a corrupt key file instead of replacing it', () => {
    resolveMasterKey({ mode: 'embedded', dataDir }, log);
    const file = path.join(dataDir, MASTER_KEY_FILE);
    writeFileSync(file, 'garbage', { mode: 0o600 });
    let caught: unknown;
    try {
      resolveMasterKey({ mode: 'embedded', dataDir }, log);
    } catch (error) {
      caught = error;
    }
    expect(isHeraldError(caught, 'CONFIG.INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(
      /HERALD_MASTER_KEY is not set and .*master\.key does not hold a 32-byte base64 key/,
    );
    expect(readFileSync(file, 'utf8')).toBe('garbage');
  });

  it('never generates a key in production', () => {
    expect(() => resolveMasterKey({ mode: 'production', dataDir }, log)).toThrow(
      /HERALD_MASTER_KEY is required/,
    );
    expect(() => statSync(dataDir)).toThrow();
  });
});
