import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Emails are personal data, encrypted per user in the events, so they cannot be searched there.
 * The login lookup is keyed by an HMAC of the normalized address instead: without the key the
 * digest cannot be reversed or confirmed by hashing guesses. The key is derived from the master
 * key (HKDF), so there is no extra secret to manage; rotating the master key means re-keying
 * this index too.
 */
export class EmailDigest {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'herald/email-lookup/v1', 32));
  }

  of(email: string): string {
    return createHmac('sha256', this.key).update(normalizeEmail(email), 'utf8').digest('hex');
  }
}

/** The same normalization as the identity domain applies before storing an address. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
