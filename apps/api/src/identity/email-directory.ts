import { HeraldError, isHeraldError } from '@herald/shared-kernel';
import type { Collection, ReadStore } from '@herald/read-store';

export const EMAIL_INDEX_COLLECTION = 'authEmailIndex';
/** A claim still pending after this long belongs to a registration that died between its steps. */
export const STALE_CLAIM_MS = 5 * 60 * 1000;

interface EmailIndexDocument {
  /** HMAC of the normalized address (EmailDigest). */
  _id: string;
  userId: string | null;
  state: 'pending' | 'active';
  claimedAt: string;
}

/**
 * Which user an address belongs to, and the guard that gives each address one account. A
 * unique `_id` insert is the claim, taken before the user's stream is written: two concurrent
 * sign-ups with one address cannot both pass, on the embedded store and on MongoDB alike.
 * (A projection could not enforce this: it learns of a registration only after the fact.)
 */
export class EmailDirectory {
  private readonly documents: Collection<EmailIndexDocument>;

  constructor(readStore: ReadStore) {
    this.documents = readStore.collection<EmailIndexDocument>(EMAIL_INDEX_COLLECTION);
  }

  /** @throws HeraldError USER.ALREADY_REGISTERED when the address has (or is getting) an account. */
  async claim(digest: string, now: Date): Promise<void> {
    try {
      await this.documents.insertOne({
        _id: digest,
        userId: null,
        state: 'pending',
        claimedAt: now.toISOString(),
      });
      return;
    } catch (error) {
      if (!isHeraldError(error, 'READ_STORE.DUPLICATE_KEY')) throw error;
    }
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
    const takenOver = await this.documents.updateOne(
      { _id: digest, state: 'pending', claimedAt: { $lt: staleBefore } },
      { $set: { claimedAt: now.toISOString(), userId: null } },
    );
    if (takenOver.matched === 1) return;
    throw new HeraldError(
      'USER.ALREADY_REGISTERED',
      'An account with this email address already exists; sign in instead.',
    );
  }

  async activate(digest: string, userId: string): Promise<void> {
    await this.documents.updateOne({ _id: digest }, { $set: { userId, state: 'active' } });
  }

  /** Frees a claim whose registration was refused, so the person can correct it and retry. */
  async release(digest: string): Promise<void> {
    await this.documents.deleteOne({ _id: digest, state: 'pending' });
  }

  /** Erasure forgets the address: the digest must not keep pointing at the erased account. */
  async forgetUser(userId: string): Promise<void> {
    await this.documents.deleteMany({ userId });
  }

  async userIdOf(digest: string): Promise<string | null> {
    const document = await this.documents.findOne({ _id: digest, state: 'active' });
    return document?.userId ?? null;
  }
}
