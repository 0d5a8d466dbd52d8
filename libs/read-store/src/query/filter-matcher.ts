import { HeraldError } from '@herald/shared-kernel';
import {
  isPlainObject,
  isScalar,
  toStorableValue,
  typeRank,
  compareValues,
  valuesEqual,
  type JsonObject,
  type JsonValue,
} from './json-value';
import { collectPath, expandLeaves, splitPath, type PathValues } from './path';

export type DocumentPredicate = (document: JsonObject) => boolean;
type ValuesPredicate = (found: PathValues) => boolean;

const LOGICAL = new Set(['$and', '$or', '$nor']);
const FIELD_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$all',
  '$size',
  '$not',
]);

export function unsupported(operator: string, message: string): HeraldError {
  return new HeraldError('READ_STORE.UNSUPPORTED_QUERY', message, { operator });
}

/**
 * Compiles a filter of the documented subset into a predicate with MongoDB's semantics
 * (array traversal, null matching missing, type-bracketed comparisons). Throws
 * READ_STORE.UNSUPPORTED_QUERY for anything outside the subset, which is also how the MongoDB
 * adapter validates filters before sending them, so both adapters reject the same queries.
 */
export function compileFilter(filter: unknown): DocumentPredicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) throw unsupported('filter', 'A filter must be a plain object');
  const parts: DocumentPredicate[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key.startsWith('$')) {
      parts.push(compileLogical(key, condition));
    } else {
      assertFieldPath(key);
      const segments = splitPath(key);
      const test = compileCondition(key, condition);
      parts.push((doc) => test(collectPath(doc, segments)));
    }
  }
  return (doc) => parts.every((part) => part(doc));
}

function compileLogical(operator: string, operand: unknown): DocumentPredicate {
  if (!LOGICAL.has(operator)) {
    throw unsupported(
      operator,
      `Query operator ${operator} is not supported at the top level; use $and, $or, $nor or field conditions`,
    );
  }
  if (!Array.isArray(operand) || operand.length === 0) {
    throw unsupported(operator, `${operator} needs a non-empty array of filters`);
  }
  const branches = operand.map((branch: unknown) => compileFilter(branch));
  if (operator === '$and') return (doc) => branches.every((b) => b(doc));
  if (operator === '$or') return (doc) => branches.some((b) => b(doc));
  return (doc) => !branches.some((b) => b(doc));
}

export function assertFieldPath(path: string): void {
  if (path.split('.').some((segment) => segment.length === 0 || segment.startsWith('$'))) {
    throw unsupported(
      path,
      `"${path}" is not a supported field path (no empty segments, positional or $ segments)`,
    );
  }
}

export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators === 0) return false;
  if (operators !== keys.length) {
    throw unsupported(
      keys.find((k) => !k.startsWith('$')) ?? '',
      'A condition cannot mix operators and field names',
    );
  }
  return true;
}

function compileCondition(path: string, condition: unknown): ValuesPredicate {
  if (isOperatorObject(condition)) return compileOperators(path, condition);
  const value = operand(path, condition);
  return (found) => equalsAny(found, value);
}

function compileOperators(path: string, operators: Record<string, unknown>): ValuesPredicate {
  const tests = Object.entries(operators).map(([op, arg]) => compileOperator(path, op, arg));
  return (found) => tests.every((t) => t(found));
}

function compileOperator(path: string, op: string, arg: unknown): ValuesPredicate {
  if (!FIELD_OPERATORS.has(op)) throw unsupported(op, `Query operator ${op} is not supported (on "${path}")`);
  switch (op) {
    case '$eq': {
      const value = operand(path, arg);
      return (found) => equalsAny(found, value);
    }
    case '$ne': {
      const value = operand(path, arg);
      return (found) => !equalsAny(found, value);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return compileRange(path, op, arg);
    case '$in':
    case '$nin': {
      if (!Array.isArray(arg)) throw unsupported(op, `${op} on "${path}" needs an array`);
      const values = arg.map((item: unknown) => operand(path, item));
      const test: ValuesPredicate = (found) => values.some((v) => equalsAny(found, v));
      return op === '$in' ? test : (found) => !test(found);
    }
    case '$exists':
      if (typeof arg !== 'boolean') throw unsupported(op, `$exists on "${path}" needs true or false`);
      return (found) => found.values.length > 0 === arg;
    case '$all': {
      if (!Array.isArray(arg) || arg.length === 0)
        throw unsupported(op, `$all on "${path}" needs a non-empty array`);
      const values = arg.map((item: unknown) => operand(path, item));
      return (found) => values.every((v) => equalsAny(found, v));
    }
    case '$size': {
      if (typeof arg !== 'number' || !Number.isInteger(arg) || arg < 0) {
        throw unsupported(op, `$size on "${path}" needs a non-negative integer`);
      }
      return (found) => found.values.some((v) => Array.isArray(v) && v.length === arg);
    }
    default: {
      if (!isOperatorObject(arg))
        throw unsupported('$not', `$not on "${path}" needs an operator object such as { $gt: 5 }`);
      const inner = compileOperators(path, arg);
      return (found) => !inner(found);
    }
  }
}

function compileRange(path: string, op: string, arg: unknown): ValuesPredicate {
  if (!isScalar(arg)) throw unsupported(op, `${op} on "${path}" needs a string, number, boolean or null`);
  if (arg === null) {
    // MongoDB: $gte/$lte null mean "is null or missing"; $gt/$lt null match nothing.
    if (op === '$gte' || op === '$lte') return (found) => equalsAny(found, null);
    return () => false;
  }
  const rank = typeRank(arg);
  const accept = (c: number): boolean =>
    op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
  // Type bracketing: a number bound only ever matches numbers, a string bound only strings.
  return (found) =>
    expandLeaves(found.values).some((v) => typeRank(v) === rank && accept(compareValues(v, arg)));
}

function operand(path: string, value: unknown): JsonValue {
  if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
    throw unsupported(Object.keys(value)[0], `Operator objects cannot be nested as values (on "${path}")`);
  }
  if (value instanceof RegExp)
    throw unsupported('$regex', `Regular expressions are not supported (on "${path}")`);
  try {
    return toStorableValue(value, path);
  } catch {
    throw unsupported(path, `The value compared with "${path}" is not JSON`);
  }
}

function equalsAny(found: PathValues, value: JsonValue): boolean {
  const candidates = expandLeaves(found.values);
  if (value === null) return found.missing || found.values.length === 0 || candidates.some((c) => c === null);
  return candidates.some((c) => valuesEqual(c, value));
}

/**
 * Equality constraints copied into a new document on upsert: top-level `field: value` and
 * `{ $eq: value }`. MongoDB also seeds from inside `$and`, FerretDB does not, so upsert filters
 * are limited to top-level field conditions (see `assertUpsertFilter`).
 */
export function upsertSeed(filter: unknown): Array<[string, JsonValue]> {
  const out: Array<[string, JsonValue]> = [];
  if (!isPlainObject(filter)) return out;
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (!key.startsWith('$')) {
      if (!isOperatorObject(condition)) out.push([key, operand(key, condition)]);
      else if ('$eq' in condition) out.push([key, operand(key, condition.$eq)]);
    }
  }
  return out;
}

export function assertUpsertFilter(filter: unknown): void {
  if (!isPlainObject(filter)) return;
  const logical = Object.keys(filter).find((key) => key.startsWith('$'));
  if (logical)
    throw unsupported(logical, `Upsert filters take top-level field conditions only, not ${logical}`);
}

/**
 * Scalar values a field must take for the filter to match (from equality or `$in` at the top
 * level or inside `$and`), or null when the filter does not pin the field. Used to pick an index.
 */
export function pinnedValues(filter: unknown, path: string): JsonValue[] | null {
  if (!isPlainObject(filter)) return null;
  const condition = filter[path];
  if (condition !== undefined) {
    if (!isOperatorObject(condition)) return isScalar(condition) ? [condition] : null;
    if ('$eq' in condition && isScalar(condition.$eq)) return [condition.$eq];
    if ('$in' in condition && Array.isArray(condition.$in) && condition.$in.every(isScalar))
      return condition.$in as JsonValue[];
  }
  if (Array.isArray(filter.$and)) {
    for (const branch of filter.$and) {
      const pinned = pinnedValues(branch, path);
      if (pinned) return pinned;
    }
  }
  return null;
}
