import { createHash } from 'node:crypto';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Deterministic JSON: object keys sorted, no whitespace. Two processes (or the SQLite and
 * EventStoreDB adapters) hashing the same event must produce the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in event');
    if (typeof value === 'bigint') throw new TypeError('bigint in event; encode it as a string');
    return JSON.stringify(value) ?? 'null';
  }
  // Like JSON.stringify (a Date becomes its ISO string), so the stored JSON and the hashed bytes agree.
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalJson((withToJson.toJSON as () => unknown).call(value));
  // Plain loops and concatenation: this runs for every appended event, inside the write transaction.
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) out += (index === 0 ? '' : ',') + canonicalJson(value[index]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the order `<` gives: the same bytes on every adapter.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
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
