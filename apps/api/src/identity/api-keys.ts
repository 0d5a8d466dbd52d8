import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HeraldError } from '@herald/shared-kernel';
import type { Collection, ReadStore } from '@herald/read-store';

export const API_KEYS_COLLECTION = 'authApiKeys';
const KEY_FORMAT = /^hk_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([0-9a-f]{64})$/;

export interface ApiKeyDocument {
  _id: string;
  organizationId: string;
  name: string;
  scopes: string[];
  /** sha256 of the secret part: 256 random bits, so no slow hash is needed. */
  secretHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export const isApiKey = (token: string): boolean => token.startsWith('hk_');

/** Integration keys of an organization, stored as hashes; the plaintext is shown once at creation. */
export class ApiKeys {
  private readonly keys: Collection<ApiKeyDocument>;

  constructor(readStore: ReadStore) {
    this.keys = readStore.collection<ApiKeyDocument>(API_KEYS_COLLECTION);
  }

  async setup(): Promise<void> {
    await this.keys.createIndex({ fields: { organizationId: 1, createdAt: -1 } });
  }

  async create(
    input: Omit<ApiKeyDocument, 'secretHash' | 'revokedAt' | 'createdAt'>,
    now: Date,
  ): Promise<{ key: string; document: ApiKeyDocument }> {
    const secret = randomBytes(32).toString('hex');
    const document: ApiKeyDocument = {
      ...input,
      secretHash: sha256(secret),
      createdAt: now.toISOString(),
      revokedAt: null,
    };
    await this.keys.insertOne(document);
    return { key: `hk_${input._id}_${secret}`, document };
  }

  async list(organizationId: string): Promise<ApiKeyDocument[]> {
    return this.keys.find({ organizationId }, { sort: { createdAt: -1 } });
  }

  /** False when the key is unknown in this organization or already revoked. */
  async revoke(organizationId: string, keyId: string, now: Date): Promise<boolean> {
    const result = await this.keys.updateOne(
      { _id: keyId, organizationId, revokedAt: null },
      { $set: { revokedAt: now.toISOString() } },
    );
    return result.matched === 1;
  }

  /** @throws HeraldError AUTH.UNAUTHENTICATED for a malformed, unknown, revoked or expired key. */
  async verify(key: string, now: Date): Promise<ApiKeyDocument> {
    const match = KEY_FORMAT.exec(key);
    if (match === null) throw unauthenticated('malformed');
    const document = await this.keys.findOne({ _id: match[1] });
    if (document === null) throw unauthenticated('unknown');
    const expected = Buffer.from(document.secretHash, 'hex');
    const given = Buffer.from(sha256(match[2]), 'hex');
    if (!timingSafeEqual(expected, given)) throw unauthenticated('unknown');
    if (document.revokedAt !== null) throw unauthenticated('revoked');
    if (document.expiresAt !== null && Date.parse(document.expiresAt) <= now.getTime())
      throw unauthenticated('expired');
    return document;
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const unauthenticated = (reason: string): HeraldError =>
  new HeraldError('AUTH.UNAUTHENTICATED', 'This API key is invalid, expired or revoked.', {
    reason: `apiKey:${reason}`,
  });
