import { HeraldError } from '@herald/shared-kernel';

export const NAME_MAX_LENGTH = 100;
export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;
export const EXPORT_MIN_INTERVAL_MS = 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** PHC strings of the slow hashes we accept; anything else may be a plaintext password by mistake. */
const PASSWORD_HASH = /^\$(argon2id|argon2i|argon2d|scrypt)\$[A-Za-z0-9$=,.+/-]{20,500}$/;
const SECRET_REF = /^[A-Za-z0-9:_\-./]{1,200}$/;

export function validEmail(email: string): string {
  const normalized = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (normalized.length > 254 || !EMAIL.test(normalized)) {
    throw new HeraldError('USER.EMAIL_INVALID', 'Enter a valid email address.', { field: 'email' });
  }
  return normalized;
}

export function validName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > NAME_MAX_LENGTH) {
    throw new HeraldError('USER.NAME_INVALID', `A name needs 1 to ${NAME_MAX_LENGTH} characters.`, {
      field: 'name',
    });
  }
  return trimmed;
}

export function validPasswordHash(hash: string): string {
  if (typeof hash !== 'string' || !PASSWORD_HASH.test(hash)) {
    throw new HeraldError(
      'USER.PASSWORD_HASH_INVALID',
      'The password must reach the domain as an argon2 or scrypt hash, never in plaintext.',
      { field: 'passwordHash' },
    );
  }
  return hash;
}

export function validTokenHash(tokenHash: string, field = 'tokenHash'): string {
  if (typeof tokenHash !== 'string' || !SHA256_HEX.test(tokenHash)) {
    throw new HeraldError('VALIDATION.FAILED', 'A token must be passed as its sha256 hex digest.', { field });
  }
  return tokenHash;
}

export function validSecretRef(secretRef: string): string {
  if (typeof secretRef !== 'string' || !SECRET_REF.test(secretRef)) {
    throw new HeraldError('USER.TOTP_SECRET_REF_INVALID', 'The two-factor secret reference is malformed.', {
      field: 'secretRef',
    });
  }
  return secretRef;
}
