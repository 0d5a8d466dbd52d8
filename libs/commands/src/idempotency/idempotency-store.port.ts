/**
 * Remembers what a command with an idempotency key did, so a retry returns the first result.
 *
 * Crash safety: `begin` records the key as pending *before* anything is appended, with the
 * instant the first attempt started. The pipeline derives every id of that execution (new
 * aggregate ids, event ids) from the key and that instant, so a retry after a crash between
 * the append and `complete` produces the very same event ids and finds them already in the
 * stream instead of appending a second copy.
 */
export interface IdempotencyRecord {
  /** sha256 of the command type and canonical payload: a different request under the same key differs here. */
  readonly fingerprint: string;
  readonly startedAt: Date;
  readonly status: 'pending' | 'completed';
  /** The JSON result of the first successful execution, once completed. */
  readonly result?: unknown;
}

export interface IdempotencyScope {
  readonly tenantId: string | null;
  readonly commandType: string;
  readonly key: string;
}

export interface IdempotencyStore {
  /** Inserts a pending record unless one exists; returns whichever record is stored now. */
  begin(scope: IdempotencyScope, fingerprint: string, startedAt: Date): Promise<IdempotencyRecord>;
  /** Stores the result (JSON) and marks the key completed. */
  complete(scope: IdempotencyScope, result: unknown): Promise<void>;
  /**
   * Forgets a pending key whose command was rejected before anything was appended, so the
   * caller can correct the input and retry with the same key. Completed keys are kept.
   */
  release(scope: IdempotencyScope): Promise<void>;
  /** Deletes records older than the instant; keys are only meant to cover retries, not forever. */
  purgeStartedBefore(instant: Date): Promise<number>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
