import { HeraldError } from '@herald/shared-kernel';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Accepts objects whose prototype is any realm's Object.prototype (or null): structuredClone
 * and vm contexts (jest) hand out objects from another realm, which are still plain JSON.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return true;
  if (proto === null) return true;
  return (
    proto !== Array.prototype &&
    !Array.isArray(value) &&
    typeof proto === 'object' &&
    Object.getPrototypeOf(proto) === null
  );
}

/**
 * Checks that a document survives both JSON (embedded) and BSON (MongoDB) unchanged: finite
 * numbers only, no Dates/Buffers/class instances, no `$`-prefixed or dotted keys (MongoDB reads
 * them as operators or paths). `undefined` object properties are dropped like JSON does; the
 * MongoDB client is configured with `ignoreUndefined` so both adapters agree.
 */
export function toStorableDocument(value: unknown, where = 'document'): JsonObject {
  if (!isPlainObject(value)) {
    throw invalidDocument(`${where} must be a plain object`, where);
  }
  const doc = toStorableValue(value, where) as JsonObject;
  if (typeof doc._id !== 'string' || doc._id.length === 0) {
    throw invalidDocument(`${where}._id must be a non-empty string`, `${where}._id`);
  }
  return doc;
}

export function toStorableValue(value: unknown, where: string): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidDocument(`${where} is not a finite number`, where);
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw invalidDocument(`${where}[${i}] is undefined`, `${where}[${i}]`);
      return toStorableValue(item, `${where}[${i}]`);
    });
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      if (key.length === 0 || key.startsWith('$') || key.includes('.') || key.includes('\u0000')) {
        throw invalidDocument(
          `${where} has the key "${key}" (empty, $-prefixed or dotted keys are not storable)`,
          where,
        );
      }
      out[key] = toStorableValue(item, `${where}.${key}`);
    }
    return out;
  }
  throw invalidDocument(`${where} holds a ${describeType(value)}, which is not JSON`, where);
}

function describeType(value: unknown): string {
  if (value === undefined) return 'undefined value';
  if (typeof value === 'object' && value !== null) return `${value.constructor?.name ?? 'object'} instance`;
  return typeof value;
}

function invalidDocument(message: string, path: string): HeraldError {
  return new HeraldError('READ_STORE.INVALID_DOCUMENT', message, { path });
}

/** A copy of a JSON value; plain recursion, several times faster than structuredClone on documents. */
export function cloneJson<V extends JsonValue>(value: V): V {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as V;
  const out: JsonObject = {};
  for (const key in value) out[key] = cloneJson((value as JsonObject)[key]);
  return out as V;
}

/** MongoDB's canonical type order for comparing and sorting values of different types. */
export function typeRank(value: JsonValue | undefined): number {
  if (value === undefined || value === null) return 1;
  switch (typeof value) {
    case 'number':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 6;
    default:
      return Array.isArray(value) ? 5 : 4;
  }
}

/**
 * Total order matching MongoDB's without a collation: by type rank, then by value. Strings
 * compare by code point, i.e. UTF-8 byte order as the server does (JS `<` compares UTF-16
 * units, which misorders characters beyond the BMP against U+E000..U+FFFF).
 */
export function compareValues(a: JsonValue | undefined, b: JsonValue | undefined): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  if (a === undefined || a === null || b === undefined || b === null) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
  }
  return compareObjects(a as JsonObject, b as JsonObject);
}

function compareObjects(a: JsonObject, b: JsonObject): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  for (let i = 0; i < Math.min(keysA.length, keysB.length); i++) {
    const rank = typeRank(a[keysA[i]]) - typeRank(b[keysB[i]]);
    if (rank !== 0) return rank < 0 ? -1 : 1;
    const name = compareStrings(keysA[i], keysB[i]);
    if (name !== 0) return name;
    const c = compareValues(a[keysA[i]], b[keysB[i]]);
    if (c !== 0) return c;
  }
  return keysA.length === keysB.length ? 0 : keysA.length < keysB.length ? -1 : 1;
}

export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, so they rank after 0xE000-0xFFFF.
    const surrogateX = x >= 0xd800 && x <= 0xdfff;
    const surrogateY = y >= 0xd800 && y <= 0xdfff;
    if (surrogateX !== surrogateY) return surrogateX ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Equality as MongoDB applies it: same type and value; object key order matters. */
export function valuesEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return compareValues(a, b) === 0 && typeRank(a) === typeRank(b);
}

export function isScalar(value: unknown): value is JsonPrimitive {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}
