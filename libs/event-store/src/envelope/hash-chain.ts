import { createHash } from 'node:crypto';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted, no whitespace. Two processes (or the SQLite and
 * EventStoreDB adapters) hashing the same event must produce the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in event');
    if (typeof value === 'bigint') throw new TypeError('bigint in event; encode it as a string');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The part of an event the chain covers: everything that is stored, as stored (personal fields
 * still encrypted, so erasing a subject never breaks verification), except the hashes themselves
 * and the global position (assigned by the store, not part of the stream's own history).
 */
export interface HashedContent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
  readonly personalFields: readonly unknown[];
}

export function chainHash(prevHash: string, content: HashedContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}
