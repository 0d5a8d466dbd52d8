import { invalidArgument } from './arguments';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

/**
 * Serializes a value that must round-trip through JSON unchanged. JSON.stringify silently turns
 * NaN into null, drops undefined properties and calls toJSON (Dates become strings), so a value
 * read back would differ from the one written; those are refused instead.
 */
export function serializeJson(argument: string, value: JsonValue): string {
  assertPlainJson(argument, value, 0);
  return JSON.stringify(value);
}

export function parseJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

const MAX_DEPTH = 64;

function assertPlainJson(argument: string, value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw invalidArgument(argument, `nests deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidArgument(argument, 'holds a number that is not finite');
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) assertPlainJson(argument, item, depth + 1);
    return;
  }
  if (typeof value === 'object') {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw invalidArgument(
        argument,
        'holds an object that is not plain JSON (a Date, Map, class instance...)',
      );
    }
    for (const item of Object.values(value)) assertPlainJson(argument, item, depth + 1);
    return;
  }
  throw invalidArgument(argument, `holds a ${typeof value}, which JSON cannot represent`);
}
