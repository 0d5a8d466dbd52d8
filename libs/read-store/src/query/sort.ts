import { assertFieldPath, unsupported } from './filter-matcher';
import { compareValues, isPlainObject, type JsonObject, type JsonValue } from './json-value';
import { collectPath, splitPath } from './path';

export interface SortKey {
  path: string;
  segments: string[];
  direction: 1 | -1;
}

/** Validates a sort spec; `_id` ascending is appended unless present, so the order is total. */
export function normalizeSort(sort: unknown, withIdTieBreaker = true): SortKey[] {
  const keys: SortKey[] = [];
  if (sort !== undefined && sort !== null) {
    if (!isPlainObject(sort)) throw unsupported('sort', 'A sort must be an object of field paths to 1 or -1');
    for (const [path, direction] of Object.entries(sort)) {
      assertFieldPath(path);
      if (direction !== 1 && direction !== -1)
        throw unsupported('sort', `Sort direction of "${path}" must be 1 or -1`);
      keys.push({ path, segments: splitPath(path), direction });
    }
  }
  if (withIdTieBreaker && !keys.some((k) => k.path === '_id'))
    keys.push({ path: '_id', segments: ['_id'], direction: 1 });
  return keys;
}

/**
 * The value a document sorts by, as MongoDB picks it: missing sorts as null; an array sorts by
 * its smallest element ascending and its largest descending.
 */
export function sortValue(document: JsonObject, key: SortKey): JsonValue {
  const candidates: JsonValue[] = [];
  for (const value of collectPath(document, key.segments).values) {
    if (Array.isArray(value) && value.length > 0) candidates.push(...value);
    else candidates.push(value);
  }
  if (candidates.length === 0) return null;
  let best = candidates[0];
  for (const candidate of candidates.slice(1)) {
    const c = compareValues(candidate, best);
    if (key.direction === 1 ? c < 0 : c > 0) best = candidate;
  }
  return best;
}

/** Sorts a copy, extracting each document's sort values once rather than per comparison. */
export function sortDocuments<D extends JsonObject>(documents: readonly D[], keys: readonly SortKey[]): D[] {
  const decorated = documents.map((document) => ({
    document,
    values: keys.map((key) => sortValue(document, key)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(a.values[i], b.values[i]);
      if (c !== 0) return c * keys[i].direction;
    }
    return 0;
  });
  return decorated.map((entry) => entry.document);
}

export function toMongoSort(keys: readonly SortKey[]): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const key of keys) out[key.path] = key.direction;
  return out;
}
