import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Collection, ReadStore } from '@herald/read-store';

export const TOTP_STATE_COLLECTION = 'authTotpState';
export const RECOVERY_CODES_COLLECTION = 'authRecoveryCodes';
export const TOTP_ENROLLMENT_TTL_MS = 15 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;

interface TotpStateDocument {
  _id: string;
  /** A secret shown but not yet confirmed, AES-256-GCM under a key derived from the master key. */
  pending: { iv: string; tag: string; ct: string; expiresAt: string } | null;
  /** The last time step a code was accepted for: a code is never accepted twice (RFC 6238 §5.2). */
  lastStep: number;
}

interface RecoveryCodeDocument {
  /** sha256(userId:code); codes carry 50 random bits, so a fast hash suffices for lookup. */
  _id: string;
  userId: string;
  usedAt: string | null;
}

/**
 * The operational side of two-factor sign-in: pending enrollments, replay protection and
 * recovery codes. The confirmed secret itself lives in the user's `user.totpEnabled` event,
 * encrypted under the user's own key, so erasing the user shreds it with the rest.
 */
export class TotpEnrollments {
  private readonly state: Collection<TotpStateDocument>;
  private readonly codes: Collection<RecoveryCodeDocument>;
  private readonly key: Buffer;

  constructor(readStore: ReadStore, masterKey: Buffer) {
    this.state = readStore.collection<TotpStateDocument>(TOTP_STATE_COLLECTION);
    this.codes = readStore.collection<RecoveryCodeDocument>(RECOVERY_CODES_COLLECTION);
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'herald/totp-pending/v1', 32));
  }

  async setup(): Promise<void> {
    await this.codes.createIndex({ fields: { userId: 1 } });
  }

  async startEnrollment(userId: string, secret: Buffer, now: Date): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(userId));
    const ct = Buffer.concat([cipher.update(secret), cipher.final()]);
    const pending = {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
      expiresAt: new Date(now.getTime() + TOTP_ENROLLMENT_TTL_MS).toISOString(),
    };
    await this.state.upsert({ _id: userId }, { $set: { pending }, $setOnInsert: { lastStep: -1 } });
  }

  async pendingSecret(userId: string, now: Date): Promise<Buffer | null> {
    const pending = (await this.state.findOne({ _id: userId }))?.pending ?? null;
    if (pending === null || Date.parse(pending.expiresAt) <= now.getTime()) return null;
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(pending.iv, 'base64'));
    decipher.setAAD(Buffer.from(userId));
    decipher.setAuthTag(Buffer.from(pending.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(pending.ct, 'base64')), decipher.final()]);
  }

  async clearPending(userId: string): Promise<void> {
    await this.state.updateOne({ _id: userId }, { $set: { pending: null } });
  }

  /** Claims `step` for the user; false when that step or a later one was already used. */
  async claimStep(userId: string, step: number): Promise<boolean> {
    await this.state.upsert({ _id: userId }, { $setOnInsert: { pending: null, lastStep: -1 } });
    const won = await this.state.updateOne(
      { _id: userId, lastStep: { $lt: step } },
      { $set: { lastStep: step } },
    );
    return won.matched === 1;
  }

  /** Replaces the user's recovery codes with fresh ones and returns them in plaintext, once. */
  async issueRecoveryCodes(userId: string): Promise<string[]> {
    await this.codes.deleteMany({ userId });
    const plain = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    for (const code of plain) {
      await this.codes.insertOne({ _id: recoveryHash(userId, code), userId, usedAt: null });
    }
    return plain;
  }

  async consumeRecoveryCode(userId: string, code: string, now: Date): Promise<boolean> {
    const won = await this.codes.updateOne(
      { _id: recoveryHash(userId, normalizeRecoveryCode(code)), userId, usedAt: null },
      { $set: { usedAt: now.toISOString() } },
    );
    return won.matched === 1;
  }

  async forget(userId: string): Promise<void> {
    await this.codes.deleteMany({ userId });
    await this.state.deleteOne({ _id: userId });
  }
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normalizeRecoveryCode(code: string): string {
  const compact = code.trim().toLowerCase().replace(/[\s-]/g, '');
  return compact.length === 10 ? `${compact.slice(0, 5)}-${compact.slice(5)}` : compact;
}

function recoveryHash(userId: string, code: string): string {
  return createHash('sha256').update(`${userId}:${code}`, 'utf8').digest('hex');
}
