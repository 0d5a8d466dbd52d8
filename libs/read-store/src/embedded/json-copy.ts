import type { JsonObject, JsonValue } from '../query/json-value';

export { cloneJson as cloneJsonValue } from '../query/json-value';

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
