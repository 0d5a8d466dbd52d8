import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HeraldError } from '@herald/shared-kernel';
import { erasedValue, type PersonalField } from '../envelope/envelope';
import type { KeyVault } from './key-vault.port';
import type { PersonalDataProtector } from './personal-data-cipher.port';
import { getAtPath, setAtPath, splitPath } from './json-path';

export const ENCRYPTED_VALUE_SCHEME = 'aes-256-gcm/v1';

/** How an encrypted personal field is stored in place of its value (all binary fields base64). */
export interface EncryptedValue {
  readonly $enc: typeof ENCRYPTED_VALUE_SCHEME;
  readonly subjectId: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isEncryptedValue(value: unknown): value is EncryptedValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    v.$enc === ENCRYPTED_VALUE_SCHEME &&
    typeof v.subjectId === 'string' &&
    [v.iv, v.tag, v.ct].every((part) => typeof part === 'string' && BASE64.test(part))
  );
}

/**
 * Per-subject AES-256-GCM on the JSON value of each personal field. The authenticated data binds
 * the subject and the field path, so a ciphertext moved to another field or relabelled with
 * another subject fails authentication rather than decrypting into the wrong place.
 */
export class AesGcmPersonalDataProtector implements PersonalDataProtector {
  constructor(private readonly keyVault: KeyVault) {}

  async encrypt(data: unknown, fields: readonly PersonalField[]): Promise<unknown> {
    if (fields.length === 0) return data;
    assertDistinctPaths(fields);
    const copy = cloneJson(data);
    const keys = new Map<string, Buffer>();
    for (const field of fields) {
      const target = getAtPath(copy, field.path);
      if (!target.found || target.value === undefined) {
        throw new HeraldError(
          'VALIDATION.FAILED',
          `Personal field "${field.path}" is not present in the event data.`,
          {
            field: field.path,
            subjectId: field.subjectId,
          },
        );
      }
      let key = keys.get(field.subjectId);
      if (!key) {
        key = await this.keyVault.getOrCreate(field.subjectId);
        keys.set(field.subjectId, key);
      }
      setAtPath(copy, field.path, seal(key, field, target.value));
    }
    return copy;
  }

  async decrypt(data: unknown, fields: readonly PersonalField[]): Promise<unknown> {
    if (fields.length === 0) return data;
    const copy = cloneJson(data);
    const keys = new Map<string, Buffer | null>();
    for (const field of fields) {
      const target = safeGet(copy, field);
      if (!target.found) throw decryptionFailed(field, 'the encrypted value is missing');
      if (!isEncryptedValue(target.value))
        throw decryptionFailed(field, 'the stored value is not an encrypted value');
      if (target.value.subjectId !== field.subjectId)
        throw decryptionFailed(field, 'the value belongs to another data subject');
      if (!keys.has(field.subjectId)) keys.set(field.subjectId, await this.keyVault.get(field.subjectId));
      const key = keys.get(field.subjectId) ?? null;
      if (key === null) {
        if (await this.keyVault.isForgotten(field.subjectId)) {
          setAtPath(copy, field.path, erasedValue(field.subjectId));
          continue;
        }
        throw decryptionFailed(field, 'the key vault has no key for this data subject');
      }
      setAtPath(copy, field.path, open(key, field, target.value));
    }
    return copy;
  }
}

const aad = (field: PersonalField): Buffer =>
  Buffer.from(
    `herald/personal-data/${ENCRYPTED_VALUE_SCHEME}\u0000${field.subjectId}\u0000${field.path}`,
    'utf8',
  );

function seal(key: Buffer, field: PersonalField, value: unknown): EncryptedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(field));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    $enc: ENCRYPTED_VALUE_SCHEME,
    subjectId: field.subjectId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

function open(key: Buffer, field: PersonalField, value: EncryptedValue): unknown {
  const iv = Buffer.from(value.iv, 'base64');
  const tag = Buffer.from(value.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw decryptionFailed(field, 'malformed iv or tag');
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(field));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(Buffer.from(value.ct, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    throw decryptionFailed(field, `authentication failed (altered, moved or wrong key): ${describe(error)}`);
  }
  try {
    return JSON.parse(plaintext) as unknown;
  } catch {
    // JSON.parse messages quote the input, which here is plaintext personal data.
    throw decryptionFailed(field, 'the plaintext is not JSON');
  }
}

function decryptionFailed(field: PersonalField, reason: string): HeraldError {
  // Never put the ciphertext or any plaintext into the error (errors are logged), and no raw
  // OpenSSL error as cause: the reason string says all there is to say.
  return new HeraldError(
    'PRIVACY.DECRYPTION_FAILED',
    `Personal field "${field.path}" could not be decrypted: ${reason}.`,
    {
      field: field.path,
      subjectId: field.subjectId,
      reason,
    },
  );
}

/** Node's crypto messages ("Unsupported state or unable to authenticate data") carry no data. */
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function assertDistinctPaths(fields: readonly PersonalField[]): void {
  const seen = new Set<string>();
  for (const field of fields) {
    try {
      splitPath(field.path);
    } catch {
      throw new HeraldError(
        'VALIDATION.FAILED',
        `Personal field path "${field.path}" is not a dotted path.`,
        { field: field.path },
      );
    }
    // A path listed twice, or a path inside another listed path, would be encrypted twice and
    // could never be decrypted in one pass.
    for (const other of seen) {
      if (other === field.path || other.startsWith(`${field.path}.`) || field.path.startsWith(`${other}.`)) {
        throw new HeraldError(
          'VALIDATION.FAILED',
          `Personal fields "${other}" and "${field.path}" overlap.`,
          { field: field.path },
        );
      }
    }
    seen.add(field.path);
  }
}

function safeGet(data: unknown, field: PersonalField): { found: boolean; value: unknown } {
  try {
    return getAtPath(data, field.path);
  } catch {
    throw decryptionFailed(field, 'the field path is not a dotted path');
  }
}

function cloneJson(data: unknown): unknown {
  return data === undefined ? undefined : (JSON.parse(JSON.stringify(data)) as unknown);
}
