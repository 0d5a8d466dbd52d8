import { randomBytes } from 'node:crypto';
import { HeraldError } from '@herald/shared-kernel';
import type { Collection, ReadStore } from '@herald/read-store';
import { hashToken } from './session-store';

export const ONE_TIME_TOKENS_COLLECTION = 'authOneTimeTokens';
export const PASSWORD_RESET_TTL_MS = 30 * 60 * 1000;
export const MFA_CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Wrong second factors a challenge survives; then the password step must be redone. */
export const MFA_CHALLENGE_MAX_ATTEMPTS = 5;

export type OneTimePurpose = 'passwordReset' | 'mfaChallenge';

export interface OneTimeTokenDocument {
  /** sha256 of the token: the store never holds a usable token. */
  _id: string;
  purpose: OneTimePurpose;
  userId: string;
  organizationId: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  failedAttempts: number;
}

/**
 * Single-use bearer tokens for flows that prove something once (a reset link, a passed password
 * step). Use is a compare-and-set on `usedAt: null`: of two racing uses, exactly one wins.
 */
export class OneTimeTokens {
  private readonly tokens: Collection<OneTimeTokenDocument>;

  constructor(readStore: ReadStore) {
    this.tokens = readStore.collection<OneTimeTokenDocument>(ONE_TIME_TOKENS_COLLECTION);
  }

  async issue(
    purpose: OneTimePurpose,
    userId: string,
    organizationId: string | null,
    ttlMs: number,
    now: Date,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.tokens.insertOne({
      _id: hashToken(token),
      purpose,
      userId,
      organizationId,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      usedAt: null,
      failedAttempts: 0,
    });
    return { token, expiresAt };
  }

  /** The token while it can still be used. @throws AUTH.TOKEN_INVALID | AUTH.TOKEN_EXPIRED */
  async peek(purpose: OneTimePurpose, token: string, now: Date): Promise<OneTimeTokenDocument> {
    const document = await this.tokens.findOne({ _id: hashToken(token), purpose });
    if (document === null || document.usedAt !== null) throw tokenInvalid(purpose);
    if (Date.parse(document.expiresAt) <= now.getTime()) throw tokenExpired(purpose, document.expiresAt);
    return document;
  }

  /** Marks the token used; only one caller ever gets the document back. */
  async consume(purpose: OneTimePurpose, token: string, now: Date): Promise<OneTimeTokenDocument> {
    const document = await this.peek(purpose, token, now);
    const won = await this.tokens.updateOne(
      { _id: document._id, usedAt: null },
      { $set: { usedAt: now.toISOString() } },
    );
    if (won.matched !== 1) throw tokenInvalid(purpose);
    return document;
  }

  /** Counts a wrong answer against the token; past the limit it is spent. */
  async recordFailure(document: OneTimeTokenDocument, now: Date): Promise<void> {
    await this.tokens.updateOne({ _id: document._id }, { $inc: { failedAttempts: 1 } });
    if (document.failedAttempts + 1 >= MFA_CHALLENGE_MAX_ATTEMPTS) {
      await this.tokens.updateOne(
        { _id: document._id, usedAt: null },
        { $set: { usedAt: now.toISOString() } },
      );
    }
  }

  /** A completed reset makes every other outstanding reset link of the user useless. */
  async spendAll(purpose: OneTimePurpose, userId: string, now: Date): Promise<void> {
    await this.tokens.updateMany({ purpose, userId, usedAt: null }, { $set: { usedAt: now.toISOString() } });
  }
}

const tokenInvalid = (purpose: OneTimePurpose): HeraldError =>
  new HeraldError('AUTH.TOKEN_INVALID', 'This link or challenge is unknown or was already used.', {
    purpose,
  });

const tokenExpired = (purpose: OneTimePurpose, expiresAt: string): HeraldError =>
  new HeraldError('AUTH.TOKEN_EXPIRED', 'This link or challenge has expired; start again.', {
    purpose,
    expiresAt,
  });
