import type { CompiledStage } from './aggregation';
import { evaluateReference, parseFieldReference } from './field-reference';
import { unsupported } from './filter-matcher';
import { compareValues, isPlainObject, type JsonObject, type JsonValue } from './json-value';

type AccumulatorName = '$sum' | '$avg' | '$min' | '$max' | '$first' | '$last' | '$push' | '$count';
const ACCUMULATORS: readonly AccumulatorName[] = [
  '$sum',
  '$avg',
  '$min',
  '$max',
  '$first',
  '$last',
  '$push',
  '$count',
];
/**
 * FerretDB 1.24 implements only `$sum` (and `$count`, sent as `$sum: 1`), and computes only the
 * first accumulator of a `$group` correctly (later ones come back 0), so a `$group` runs on the
 * server there only with a single `$sum`/`$count`.
 */
const PORTABLE: readonly AccumulatorName[] = ['$sum', '$count'];

interface Accumulator {
  field: string;
  name: AccumulatorName;
  /** Field path of the argument; null for `$count` and for a constant `$sum`. */
  segments: string[] | null;
  constant: number;
}

type GroupKeyEvaluator = (doc: JsonObject) => JsonValue;

export function compileGroup(spec: unknown): CompiledStage {
  if (!isPlainObject(spec) || !('_id' in spec))
    throw unsupported('$group', '$group needs an _id (null, "$field" or { name: "$field" })');
  const key = compileGroupKey(spec._id);
  const accumulators: Accumulator[] = [];
  const native: JsonObject = { _id: spec._id as JsonValue };
  for (const [field, value] of Object.entries(spec)) {
    if (field === '_id') continue;
    if (field.includes('.') || field.startsWith('$'))
      throw unsupported('$group', `$group output "${field}" must be a plain name`);
    const accumulator = compileAccumulator(field, value);
    accumulators.push(accumulator);
    native[field] = accumulator.name === '$count' ? { $sum: 1 } : (value as JsonValue);
  }
  return {
    native: { $group: native },
    portable: accumulators.length <= 1 && accumulators.every((a) => PORTABLE.includes(a.name)),
    run: (docs) => group(docs, key, accumulators),
  };
}

function compileGroupKey(spec: unknown): GroupKeyEvaluator {
  if (spec === null) return () => null;
  if (typeof spec === 'string') {
    const segments = parseFieldReference(spec, '$group._id');
    return (doc) => evaluateReference(doc, segments) ?? null;
  }
  if (isPlainObject(spec) && Object.keys(spec).length > 0) {
    const parts = Object.entries(spec).map(([name, reference]): [string, string[]] => {
      if (name.startsWith('$') || name.includes('.'))
        throw unsupported('$group._id', `Group key name "${name}" must be a plain name`);
      return [name, parseFieldReference(reference, '$group._id')];
    });
    return (doc) => {
      const out: JsonObject = {};
      // MongoDB leaves a missing field out of a compound group key rather than setting null.
      for (const [name, segments] of parts) {
        const value = evaluateReference(doc, segments);
        if (value !== undefined) out[name] = value;
      }
      return out;
    };
  }
  throw unsupported('$group._id', '$group _id must be null, "$field" or { name: "$field", ... }');
}

function compileAccumulator(field: string, value: unknown): Accumulator {
  if (!isPlainObject(value) || Object.keys(value).length !== 1) {
    throw unsupported('$group', `$group output "${field}" needs one accumulator such as { $sum: 1 }`);
  }
  const [name, argument] = Object.entries(value)[0];
  if (!(ACCUMULATORS as readonly string[]).includes(name))
    throw unsupported(name, `Accumulator ${name} is not supported`);
  const accumulator = name as AccumulatorName;
  if (accumulator === '$count') {
    if (!isPlainObject(argument) || Object.keys(argument).length > 0)
      throw unsupported('$count', '$count takes {}');
    return { field, name: accumulator, segments: null, constant: 1 };
  }
  if (accumulator === '$sum' && typeof argument === 'number' && Number.isFinite(argument)) {
    return { field, name: accumulator, segments: null, constant: argument };
  }
  return { field, name: accumulator, segments: parseFieldReference(argument, name), constant: 0 };
}

function group(
  docs: readonly JsonObject[],
  key: GroupKeyEvaluator,
  accumulators: readonly Accumulator[],
): JsonObject[] {
  const groups = new Map<string, { id: JsonValue; members: JsonObject[] }>();
  for (const doc of docs) {
    const id = key(doc);
    const identity = JSON.stringify(id);
    const existing = groups.get(identity);
    if (existing) existing.members.push(doc);
    else groups.set(identity, { id, members: [doc] });
  }
  return [...groups.values()].map(({ id, members }) => {
    const out: JsonObject = { _id: id };
    for (const accumulator of accumulators) out[accumulator.field] = accumulate(accumulator, members);
    return out;
  });
}

function accumulate(accumulator: Accumulator, members: readonly JsonObject[]): JsonValue {
  const { name, segments, constant } = accumulator;
  if (segments === null) return name === '$count' ? members.length : members.length * constant;
  const values = members.map((doc) => evaluateReference(doc, segments));
  switch (name) {
    case '$sum':
    case '$avg': {
      // Non-numeric values (strings, arrays, null, missing) are ignored, as in MongoDB's $group.
      const numbers = values.filter((v): v is number => typeof v === 'number');
      if (name === '$sum') return numbers.reduce((a, b) => a + b, 0);
      return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    }
    case '$min':
    case '$max': {
      const present = values.filter((v): v is JsonValue => v !== undefined && v !== null);
      if (present.length === 0) return null;
      return present.reduce((best, v) => {
        const c = compareValues(v, best);
        return (name === '$min' ? c < 0 : c > 0) ? v : best;
      });
    }
    case '$first':
      return values[0] ?? null;
    case '$last':
      return values[values.length - 1] ?? null;
    default:
      return values.filter((v): v is JsonValue => v !== undefined);
  }
}
