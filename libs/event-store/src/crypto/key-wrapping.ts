import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HeraldError } from '@herald/shared-kernel';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Wraps a data key with the master key (AES-256-GCM). The subject id is authenticated data, so
 * a wrapped key copied onto another subject's row fails to unwrap instead of silently making
 * one subject's data readable with another's key. Layout: iv(12) | tag(16) | ciphertext(32).
 */
export function wrapKey(masterKey: Buffer, subjectId: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(wrapAad(subjectId));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

/** Throws `PRIVACY.MASTER_KEY_MISMATCH` when the master key (or the row) is not the one that wrapped it. */
export function unwrapKey(masterKey: Buffer, subjectId: string, wrapped: Buffer): Buffer {
  if (wrapped.length !== IV_BYTES + TAG_BYTES + KEY_BYTES) throw masterKeyMismatch(subjectId);
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(wrapAad(subjectId));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw masterKeyMismatch(subjectId, error);
  }
}

/** Parses `HERALD_MASTER_KEY` (base64 of 32 bytes); a bad value stops start-up with a message naming it. */
export function masterKeyFromBase64(value: string | undefined, variable = 'HERALD_MASTER_KEY'): Buffer {
  const trimmed = value?.trim() ?? '';
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new HeraldError(
      'CONFIG.INVALID',
      `${variable} must be ${KEY_BYTES} random bytes, base64-encoded (openssl rand -base64 32).`,
      {
        variable,
      },
    );
  }
  return key;
}

export function assertMasterKey(masterKey: Buffer): void {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== KEY_BYTES) {
    throw new HeraldError('CONFIG.INVALID', `The key vault's master key must be ${KEY_BYTES} bytes.`, {
      variable: 'HERALD_MASTER_KEY',
    });
  }
}

const wrapAad = (subjectId: string): Buffer => Buffer.from(`herald/key-wrap/v1\u0000${subjectId}`, 'utf8');

const masterKeyMismatch = (subjectId: string, cause?: unknown): HeraldError =>
  new HeraldError(
    'PRIVACY.MASTER_KEY_MISMATCH',
    'A data key could not be unwrapped: HERALD_MASTER_KEY is not the key this vault was created with, or the vault was altered.',
    { subjectId },
    { cause },
  );
