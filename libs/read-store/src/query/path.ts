import { isPlainObject, type JsonValue } from './json-value';

export interface PathValues {
  /** Values found at the path (arrays on the way are traversed element by element). */
  values: JsonValue[];
  /** Some branch of the document lacks the path: a `null` equality matches it, like MongoDB. */
  missing: boolean;
}

const NUMERIC = /^(0|[1-9][0-9]*)$/;

export function splitPath(path: string): string[] {
  return path.split('.');
}

/**
 * MongoDB's dotted-path semantics for queries: `a.b` on `{ a: [{ b: 1 }, { b: 2 }] }` yields
 * both 1 and 2; a numeric segment indexes an array.
 */
export function collectPath(root: JsonValue, segments: readonly string[]): PathValues {
  const result: PathValues = { values: [], missing: false };
  walk(root, segments, 0, result);
  return result;
}

function walk(value: JsonValue, segments: readonly string[], index: number, out: PathValues): void {
  if (index === segments.length) {
    out.values.push(value);
    return;
  }
  const segment = segments[index];
  if (Array.isArray(value)) {
    if (NUMERIC.test(segment)) {
      const position = Number(segment);
      if (position < value.length) walk(value[position], segments, index + 1, out);
      else out.missing = true;
      return;
    }
    if (value.length === 0) out.missing = true;
    for (const element of value) {
      if (isPlainObject(element)) walk(element, segments, index, out);
      else out.missing = true;
    }
    return;
  }
  if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, segment)) {
    walk(value[segment], segments, index + 1, out);
    return;
  }
  out.missing = true;
}

/** Leaf arrays also offer their elements, so `{ tags: 'x' }` matches `tags: ['x', 'y']`. */
export function expandLeaves(values: readonly JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const value of values) {
    out.push(value);
    if (Array.isArray(value)) out.push(...value);
  }
  return out;
}

/** Plain (non-traversing) read used by updates, projections and sort-key extraction. */
export function getPath(root: JsonValue, segments: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const segment of segments) {
    if (Array.isArray(current) && NUMERIC.test(segment)) current = current[Number(segment)];
    else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, segment))
      current = current[segment];
    else return undefined;
  }
  return current;
}
