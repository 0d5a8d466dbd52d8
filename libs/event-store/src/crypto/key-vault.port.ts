/**
 * Per-subject data keys for crypto-shredding. Keys are 32 random bytes (AES-256). Adapters
 * store them wrapped by a master key from configuration, never in plaintext.
 * `forget` is erasure: afterwards `get` returns null forever and `getOrCreate` refuses
 * (an erased subject must not silently get a fresh key and new readable data).
 */
export interface KeyVault {
  getOrCreate(subjectId: string): Promise<Buffer>;
  /** null when the subject never had a key or was forgotten. */
  get(subjectId: string): Promise<Buffer | null>;
  isForgotten(subjectId: string): Promise<boolean>;
  forget(subjectId: string): Promise<void>;
  close(): Promise<void>;
}

export const KEY_VAULT = Symbol('KeyVault');
