import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeraldError } from '../errors/herald-error';
import { isBase64Key32 } from './config-validators';
import type { HeraldConfig } from './herald-config';

export const MASTER_KEY_FILE = 'master.key';

export interface MasterKeyWarnings {
  warn(message: string): void;
}

/**
 * The 32-byte key that wraps every data subject's key. HERALD_MASTER_KEY wins. Embedded mode
 * without it keeps one in `<dataDir>/master.key`, created once with owner-only permissions:
 * a fresh key on each start would make all personal data written before unreadable.
 */
export function resolveMasterKey(
  config: Pick<HeraldConfig, 'mode' | 'masterKey' | 'dataDir'>,
  log: MasterKeyWarnings,
): Buffer {
  if (config.masterKey !== undefined) return Buffer.from(config.masterKey, 'base64');
  if (config.mode === 'production') {
    throw new HeraldError('CONFIG.INVALID', 'HERALD_MASTER_KEY is required when HERALD_MODE=production', {
      variables: ['HERALD_MASTER_KEY'],
    });
  }
  const file = path.join(config.dataDir, MASTER_KEY_FILE);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const created = createKeyFileOnce(file);
  if (created) {
    log.warn(
      `HERALD_MASTER_KEY is not set: generated a master key in ${file}. Back it up with the data: ` +
        'without it personal data in the event store cannot be read. Production requires HERALD_MASTER_KEY.',
    );
  }
  return readKeyFile(file, log);
}

/** `wx` makes creation atomic: two processes starting together end up with the same key. */
function createKeyFileOnce(file: string): boolean {
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readKeyFile(file: string, log: MasterKeyWarnings): Buffer {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    log.warn(
      `${file} was readable by other users (mode ${mode.toString(8)}); restricted it to its owner (600).`,
    );
  }
  const content = readFileSync(file, 'utf8').trim();
  if (!isBase64Key32(content)) {
    throw new HeraldError(
      'CONFIG.INVALID',
      `HERALD_MASTER_KEY is not set and ${file} does not hold a 32-byte base64 key; restore the file from a backup or set HERALD_MASTER_KEY`,
      { variables: ['HERALD_MASTER_KEY'] },
    );
  }
  return Buffer.from(content, 'base64');
}
