import type { JsonObject, JsonValue } from '../query/json-value';

/** A JSON value copied without structuredClone's generality: stored documents are plain JSON. */
export function cloneJsonValue<V extends JsonValue>(value: V): V {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cloneJsonValue(item)) as V;
  const out: JsonObject = {};
  for (const key in value) out[key] = cloneJsonValue((value as JsonObject)[key]);
  return out as V;
}

/**
 * Whether two stored values would serialise to the same JSON text (key order included), without
 * serialising them: a replace that changes nothing is not a modification.
 */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    if (aKeys[i] !== bKeys[i] || !sameJson(a[aKeys[i]], (b as JsonObject)[bKeys[i]])) return false;
  }
  return true;
}
