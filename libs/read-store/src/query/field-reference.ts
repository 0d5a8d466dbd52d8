import { assertFieldPath, unsupported } from './filter-matcher';
import { isPlainObject, type JsonValue } from './json-value';
import { splitPath } from './path';

/** Field path expression: `"$a.b"`. Traverses arrays like MongoDB's aggregation paths do. */
export function parseFieldReference(value: unknown, operator: string): string[] {
  if (typeof value !== 'string' || !value.startsWith('$') || value.startsWith('$$') || value.length < 2) {
    throw unsupported(operator, `${operator} needs a field reference such as "$status"`);
  }
  const path = value.slice(1);
  assertFieldPath(path);
  return splitPath(path);
}

export function evaluateReference(
  value: JsonValue | undefined,
  segments: readonly string[],
  index = 0,
): JsonValue | undefined {
  if (index === segments.length || value === undefined) return value;
  if (Array.isArray(value)) {
    return value
      .map((element) => evaluateReference(element, segments, index))
      .filter((v): v is JsonValue => v !== undefined);
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, segments[index])) {
    return evaluateReference(value[segments[index]], segments, index + 1);
  }
  return undefined;
}
