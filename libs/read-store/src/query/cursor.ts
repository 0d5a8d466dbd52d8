import { HeraldError } from '@herald/shared-kernel';
import { unsupported } from './filter-matcher';
import { isScalar, type JsonObject, type JsonPrimitive } from './json-value';
import { sortValue, type SortKey } from './sort';

interface CursorPayload {
  /** The sort the cursor was made for; a cursor is only valid with the same sort. */
  s: string;
  /** Sort values of the last item, ending with its `_id`. */
  v: JsonPrimitive[];
}

export const MAX_PAGE_SIZE = 1000;

function signature(keys: readonly SortKey[]): string {
  return keys.map((k) => `${k.path}:${k.direction}`).join(',');
}

function invalidCursor(reason: string): HeraldError {
  return new HeraldError('READ_STORE.INVALID_CURSOR', undefined, { reason });
}

export function encodeCursor(keys: readonly SortKey[], last: JsonObject): string {
  const values = keys.map((key) => {
    const value = sortValue(last, key);
    if (!isScalar(value)) {
      throw unsupported(
        'sort',
        `findPage cannot sort by "${key.path}": it holds a ${Array.isArray(value) ? 'array' : 'object'}`,
      );
    }
    return value;
  });
  const payload: CursorPayload = { s: signature(keys), v: values };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(keys: readonly SortKey[], cursor: string): JsonPrimitive[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor');
  }
  if (typeof payload !== 'object' || payload === null) throw invalidCursor('not a cursor');
  const { s, v } = payload as Partial<CursorPayload>;
  if (s !== signature(keys)) throw invalidCursor('made for a different sort');
  if (
    !Array.isArray(v) ||
    v.length !== keys.length ||
    !v.every(isScalar) ||
    typeof v[v.length - 1] !== 'string'
  ) {
    throw invalidCursor('malformed values');
  }
  return v;
}

/**
 * The filter selecting documents strictly after the cursor position in the given order:
 * (k1 after v1) or (k1 = v1 and k2 after v2) or ... ending with `_id`. Written in the filter
 * subset so both adapters evaluate it; null-aware because comparison operators never match
 * null (nulls sort first ascending, last descending).
 */
export function keysetFilter(keys: readonly SortKey[], values: readonly JsonPrimitive[]): JsonObject {
  const branches: JsonObject[] = [];
  for (let i = 0; i < keys.length; i++) {
    const after = afterCondition(keys[i], values[i]);
    if (after === null) continue;
    const equalities: JsonObject[] = keys.slice(0, i).map((key, j) => ({ [key.path]: values[j] }));
    branches.push(equalities.length === 0 ? after : { $and: [...equalities, after] });
  }
  // Only reachable with an empty key list, which normalizeSort never produces.
  if (branches.length === 0) return { _id: { $in: [] } };
  return branches.length === 1 ? branches[0] : { $or: branches };
}

function afterCondition(key: SortKey, value: JsonPrimitive): JsonObject | null {
  if (key.direction === 1) {
    return value === null ? { [key.path]: { $ne: null } } : { [key.path]: { $gt: value } };
  }
  if (value === null) return null;
  return { $or: [{ [key.path]: { $lt: value } }, { [key.path]: null }] };
}
