import { isOperatorObject, pinnedValues } from '../query/filter-matcher';
import { isPlainObject, type JsonValue } from '../query/json-value';
import { AFTER_SEPARATOR, encodeKeyPart, SEPARATOR } from './index-keys';
import type { IndexEntry } from './sqlite-catalog';

/** SQL over an index table's `key` column selecting a superset of the documents a filter matches. */
export interface IndexScan {
  readonly index: IndexEntry;
  readonly sql: string;
  readonly params: string[];
}

/** Beyond this many combinations of pinned values the later fields are left to the matcher. */
const MAX_COMBINATIONS = 64;

/**
 * Characters a string bound may keep in the key range: printable ASCII from `#` to `[`, which
 * covers ISO-8601 instants, digits and upper-case ids. Each is written as itself by
 * JSON.stringify and sorts above `"` (the encoded string's closing quote) and below `\` (the
 * first character of every escape), which is what makes the ranges below exact supersets.
 */
const isSafe = (code: number): boolean => code >= 0x23 && code <= 0x5b;

function safePrefix(value: string): string {
  let end = 0;
  while (end < value.length && isSafe(value.charCodeAt(end))) end += 1;
  return value.slice(0, end);
}

interface Bound {
  readonly value: string;
  readonly inclusive: boolean;
}

/** String bounds the filter puts on `path` at the top level (all of them must hold). */
function stringBounds(filter: unknown, path: string): { lower: Bound | null; upper: Bound | null } {
  const none = { lower: null, upper: null };
  if (!isPlainObject(filter)) return none;
  const condition = filter[path];
  if (!isOperatorObject(condition)) return none;
  const bound = (operator: string, inclusive: boolean): Bound | null =>
    typeof condition[operator] === 'string' ? { value: condition[operator] as string, inclusive } : null;
  return {
    lower: bound('$gte', true) ?? bound('$gt', false),
    upper: bound('$lte', true) ?? bound('$lt', false),
  };
}

/**
 * Key intervals `[from, to)` holding every encoded string `v` with lower ≤ v < upper (or ≤),
 * after `prefix`. Encoded strings are `"` + escaped text + `"`, which does not sort like the
 * text (the closing quote, escapes), so the intervals are built from the bounds' safe prefixes:
 * one main interval, plus one per position of the upper bound for strings whose first character
 * below the bound's is escaped. A multikey field only gets the lower bound: MongoDB lets the two
 * bounds be met by different elements of an array.
 */
function stringIntervals(
  prefix: string,
  lower: Bound | null,
  upper: Bound | null,
  multikey: boolean,
): Array<[string, string]> {
  const quote = `${prefix}"`;
  const allStrings: [string, string] = [quote, `${prefix}#`];
  const low = lower === null ? '' : safePrefix(lower.value);
  if (upper === null || multikey) return [[`${quote}${low}`, allStrings[1]]];
  const high = safePrefix(upper.value);
  let to: string;
  if (high === upper.value) to = `${quote}${high}${upper.inclusive ? '#' : ''}`;
  else if (high.length === 0) to = allStrings[1];
  else to = `${quote}${high.slice(0, -1)}${String.fromCharCode(high.charCodeAt(high.length - 1) + 1)}`;
  const intervals: Array<[string, string]> = [[`${quote}${low}`, to]];
  let shared = 0;
  while (shared < low.length && shared < high.length && low[shared] === high[shared]) shared += 1;
  for (let i = shared; i < high.length; i++)
    intervals.push([`${quote}${high.slice(0, i)}\\`, `${quote}${high.slice(0, i)}]`]);
  return intervals;
}

function combinations(parts: readonly string[][]): string[][] {
  let out: string[][] = [[]];
  for (const values of parts) out = out.flatMap((prefix) => values.map((value) => [...prefix, value]));
  return out;
}

/**
 * The narrowest scan of one index: equality (or `$in`) on its leading fields, then a string
 * range on the next one. Null when the filter pins nothing of the index's first field.
 */
function scanOf(filter: unknown, index: IndexEntry): { scan: IndexScan; score: number } | null {
  const pinned: string[][] = [];
  let count = 1;
  for (const field of index.fields) {
    const values = pinnedValues(filter, field.path);
    if (values === null || count * Math.max(1, values.length) > MAX_COMBINATIONS) break;
    pinned.push([...new Set(values.map((value: JsonValue) => encodeKeyPart(value)))]);
    count *= Math.max(1, values.length);
  }
  const next = index.fields[pinned.length];
  const { lower, upper } =
    next === undefined ? { lower: null, upper: null } : stringBounds(filter, next.path);
  const ranged = lower !== null || upper !== null;
  if (pinned.length === 0 && !ranged) return null;
  const combos = combinations(pinned);
  const conditions: string[] = [];
  const params: string[] = [];
  for (const combo of combos) {
    const key = combo.join(SEPARATOR);
    if (ranged) {
      const prefix = combo.length === 0 ? '' : `${key}${SEPARATOR}`;
      for (const [from, to] of stringIntervals(prefix, lower, upper, index.multikey)) {
        conditions.push('(key >= ? AND key < ?)');
        params.push(from, to);
      }
    } else if (combo.length === index.fields.length) {
      conditions.push('key = ?');
      params.push(key);
    } else {
      conditions.push('(key > ? AND key < ?)');
      params.push(`${key}${SEPARATOR}`, `${key}${AFTER_SEPARATOR}`);
    }
  }
  if (conditions.length === 0) return { scan: { index, sql: '0', params: [] }, score: Infinity };
  const score = pinned.length * 2 + (ranged ? 1 : 0);
  return { scan: { index, sql: conditions.join(' OR '), params }, score };
}

/** The index scan narrowing `filter` the most, or null when no index helps (a full scan). */
export function planIndexScan(filter: unknown, indexes: readonly IndexEntry[]): IndexScan | null {
  let best: { scan: IndexScan; score: number } | null = null;
  for (const index of indexes) {
    const candidate = scanOf(filter, index);
    if (candidate !== null && (best === null || candidate.score > best.score)) best = candidate;
  }
  return best?.scan ?? null;
}
