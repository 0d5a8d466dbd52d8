import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isHeraldError } from '../errors/herald-error';
import { JWT_SECRET_FILE, resolveJwtSecret } from './jwt-secret';

describe(resolveJwtSecret.name, () => {
  let dataDir: string;
  let warnings: string[];
  const log = { warn: (message: string) => warnings.push(message) };

  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'herald-jwt-secret-')), 'data');
    warnings = [];
  });
  afterEach(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('uses JWT_SECRET when set and writes no file', () => {
    const secret = 's'.repeat(40);
    const sut = resolveJwtSecret({ mode: 'embedded', jwtSecret: secret, dataDir }, log);
    expect(sut.toString('utf8')).toBe(secret);
    expect(() => statSync(path.join(dataDir, JWT_SECRET_FILE))).toThrow();
  });

  it('generates an owner-only secret once in embedded mode, with a warning, and reuses it', () => {
    const first = resolveJwtSecret({ mode: 'embedded', dataDir }, log);
    const file = path.join(dataDir, JWT_SECRET_FILE);
    expect(first.length).toBeGreaterThanOrEqual(64);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('utf8'));
    expect(warnings).toEqual([expect.stringMatching(/JWT_SECRET is not set: generated/)]);

    expect(resolveJwtSecret({ mode: 'embedded', dataDir }, log).equals(first)).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('refuses a truncated secret file instead of signing with a guessable key', () => {
    resolveJwtSecret({ mode: 'embedded', dataDir }, log);
    writeFileSync(path.join(dataDir, JWT_SECRET_FILE), 'short\n');
    let caught: unknown;
    try {
      resolveJwtSecret({ mode: 'embedded', dataDir }, log);
    } catch (error) {
      caught = error;
    }
    expect(isHeraldError(caught, 'CONFIG.INVALID')).toBe(true);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => resolveJwtSecret({ mode: 'production', dataDir }, log)).toThrow(/JWT_SECRET is required/);
  });
});
