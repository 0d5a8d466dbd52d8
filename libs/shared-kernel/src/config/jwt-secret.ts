import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeraldError } from '../errors/herald-error';
import type { HeraldConfig } from './herald-config';
import type { MasterKeyWarnings } from './master-key';

export const JWT_SECRET_FILE = 'jwt.secret';
const MIN_SECRET_LENGTH = 32;

/**
 * The access tokens' signing secret. JWT_SECRET wins. Embedded mode without it keeps one in
 * `<dataDir>/jwt.secret`, created once with owner-only permissions: a fresh secret on each
 * start would sign everyone out at every restart.
 */
export function resolveJwtSecret(
  config: Pick<HeraldConfig, 'mode' | 'jwtSecret' | 'dataDir'>,
  log: MasterKeyWarnings,
): Buffer {
  if (config.jwtSecret !== undefined) return Buffer.from(config.jwtSecret, 'utf8');
  if (config.mode === 'production') {
    throw new HeraldError('CONFIG.INVALID', 'JWT_SECRET is required when HERALD_MODE=production', {
      variables: ['JWT_SECRET'],
    });
  }
  const file = path.join(config.dataDir, JWT_SECRET_FILE);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (createOnce(file)) {
    log.warn(
      `JWT_SECRET is not set: generated a token signing secret in ${file}. Production requires JWT_SECRET.`,
    );
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const content = readFileSync(file, 'utf8').trim();
  if (content.length < MIN_SECRET_LENGTH) {
    throw new HeraldError(
      'CONFIG.INVALID',
      `JWT_SECRET is not set and ${file} holds fewer than ${MIN_SECRET_LENGTH} characters; delete the file to generate a new secret (everyone signs in again) or set JWT_SECRET`,
      { variables: ['JWT_SECRET'] },
    );
  }
  return Buffer.from(content, 'utf8');
}

/** `wx` makes creation atomic: two processes starting together end up with the same secret. */
function createOnce(file: string): boolean {
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
