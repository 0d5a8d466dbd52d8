import { HeraldError } from '@herald/shared-kernel';
import { assertFieldPath, unsupported } from './filter-matcher';
import {
  cloneJson,
  isPlainObject,
  isScalar,
  toStorableValue,
  valuesEqual,
  type JsonObject,
  type JsonValue,
} from './json-value';
import { splitPath } from './path';

const UPDATE_OPERATORS = ['$set', '$setOnInsert', '$unset', '$inc', '$push', '$pull'] as const;
type UpdateOperator = (typeof UPDATE_OPERATORS)[number];

interface Change {
  operator: UpdateOperator;
  path: string;
  segments: string[];
  value: JsonValue;
}

/** A validated update, ready to apply to documents. */
export interface CompiledUpdate {
  readonly changes: readonly Change[];
}

function invalidUpdate(message: string, details: Record<string, unknown>): HeraldError {
  return new HeraldError('READ_STORE.INVALID_UPDATE', message, details);
}

/**
 * Validates an update of the documented subset. Conflicting paths (`$set: { a }` with
 * `$inc: { 'a.b' }`) and changes to `_id` are rejected up front, as MongoDB does, so both
 * adapters fail the same way before anything is written.
 */
export function compileUpdate(update: unknown): CompiledUpdate {
  if (!isPlainObject(update) || Object.keys(update).length === 0) {
    throw unsupported('update', 'An update must be a non-empty object of update operators');
  }
  const changes: Change[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(operator)) {
      throw unsupported(operator, `Update operator ${operator} is not supported`);
    }
    if (!isPlainObject(fields)) throw unsupported(operator, `${operator} needs an object of field paths`);
    for (const [path, raw] of Object.entries(fields)) {
      if (raw === undefined) continue;
      assertFieldPath(path);
      if (path === '_id' || path.startsWith('_id.')) {
        if (operator !== '$setOnInsert')
          throw invalidUpdate('The _id of a document cannot be changed', { path });
      }
      changes.push({
        operator: operator as UpdateOperator,
        path,
        segments: splitPath(path),
        value: checkOperand(operator, path, raw),
      });
    }
  }
  if (changes.length === 0) throw unsupported('update', 'The update changes no field');
  assertNoConflicts(changes);
  return { changes };
}

function checkOperand(operator: string, path: string, raw: unknown): JsonValue {
  if (operator === '$pull' && !isScalar(raw)) {
    // MongoDB treats an object here as a query on elements, FerretDB as an exact value: only
    // scalars behave the same on both.
    throw unsupported('$pull', `$pull on "${path}" supports scalar values only`);
  }
  if (operator === '$push' && isPlainObject(raw) && Object.keys(raw).some((k) => k.startsWith('$'))) {
    const keys = Object.keys(raw);
    if (keys.length !== 1 || keys[0] !== '$each' || !Array.isArray(raw.$each)) {
      throw unsupported(
        keys.find((k) => k !== '$each') ?? '$each',
        `$push on "${path}" supports a value or { $each: [...] } only`,
      );
    }
    return { $each: toStorableValue(raw.$each, `${operator}.${path}.$each`) };
  }
  const value = toStorableValue(raw, `${operator}.${path}`);
  if (operator === '$inc' && typeof value !== 'number')
    throw unsupported('$inc', `$inc on "${path}" needs a number`);
  return value;
}

function assertNoConflicts(changes: readonly Change[]): void {
  for (let i = 0; i < changes.length; i++) {
    for (let j = i + 1; j < changes.length; j++) {
      const a = changes[i].path;
      const b = changes[j].path;
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)) {
        throw invalidUpdate(`Updating the path "${a}" would conflict with "${b}"`, {
          path: a,
          conflictsWith: b,
        });
      }
    }
  }
}

/** Applies in place; `inserting` enables `$setOnInsert`. Returns whether the document changed. */
export function applyUpdate(document: JsonObject, update: CompiledUpdate, inserting: boolean): boolean {
  // Compared per changed path rather than by serialising the whole document twice: updates
  // are the hot path of every projection. A new key is a change (it moves the serialised form).
  let changed = false;
  const apply = (change: Change, write: () => void): void => {
    const before = peekPath(document, change.segments);
    write();
    if (!changed) changed = !sameValue(before, peekPath(document, change.segments));
  };
  for (const change of update.changes) {
    switch (change.operator) {
      case '$setOnInsert':
        if (inserting) apply(change, () => setPath(document, change, change.value));
        break;
      case '$set':
        apply(change, () => setPath(document, change, change.value));
        break;
      case '$unset':
        apply(change, () => unsetPath(document, change.segments));
        break;
      case '$inc': {
        const current = readPath(document, change.segments);
        if (current !== undefined && typeof current !== 'number') {
          throw invalidUpdate(`Cannot apply $inc to "${change.path}": it is not a number`, {
            path: change.path,
          });
        }
        apply(change, () => setPath(document, change, (current ?? 0) + (change.value as number)));
        break;
      }
      case '$push': {
        const current = readPath(document, change.segments);
        if (current !== undefined && !Array.isArray(current)) {
          throw invalidUpdate(`Cannot apply $push to "${change.path}": it is not an array`, {
            path: change.path,
          });
        }
        const value = change.value;
        const items = isPlainObject(value) && Array.isArray(value.$each) ? value.$each : [value];
        apply(change, () => setPath(document, change, [...(current ?? []), ...items]));
        break;
      }
      case '$pull': {
        const current = readPath(document, change.segments);
        if (current === undefined) break;
        if (!Array.isArray(current)) {
          throw invalidUpdate(`Cannot apply $pull to "${change.path}": it is not an array`, {
            path: change.path,
          });
        }
        apply(change, () =>
          setPath(
            document,
            change,
            current.filter((item) => !valuesEqual(item, change.value)),
          ),
        );
        break;
      }
    }
  }
  return changed;
}

/** The value at a path, or undefined where the path does not lead to one (never throws). */
function peekPath(document: JsonObject, segments: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const segment of segments) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, segment))
      current = current[segment];
    else return undefined;
  }
  return current;
}

/** Equal as stored JSON would be, key order included; a missing value equals only a missing one. */
function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key, i) => key === bKeys[i] && sameValue((a as JsonObject)[key], (b as JsonObject)[key]))
  );
}

function readPath(document: JsonObject, segments: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const segment of segments) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isPlainObject(current))
      current = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
    else if (current === undefined) return undefined;
    else
      throw invalidUpdate(`Cannot read "${segments.join('.')}": "${segment}" is inside a non-object`, {
        path: segments.join('.'),
      });
  }
  return current;
}

function setPath(document: JsonObject, change: Change, value: JsonValue): void {
  let container: JsonValue = document;
  const { segments } = change;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (Array.isArray(container) && /^\d+$/.test(segment)) {
      const index = Number(segment);
      // MongoDB pads with nulls when setting past the end of an array.
      while (container.length < index) container.push(null);
      if (last) container[index] = cloneJson(value);
      else container = container[index] ?? (container[index] = {});
    } else if (isPlainObject(container)) {
      if (last) container[segment] = cloneJson(value);
      else container = container[segment] ?? (container[segment] = {});
    } else {
      throw invalidUpdate(`Cannot create "${change.path}": an element on the way is not an object`, {
        path: change.path,
      });
    }
  }
}

function unsetPath(document: JsonObject, segments: readonly string[]): void {
  let container: JsonValue | undefined = document;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    if (Array.isArray(container) && /^\d+$/.test(segment)) container = container[Number(segment)];
    else if (isPlainObject(container)) container = container[segment];
    else return;
  }
  const last = segments[segments.length - 1];
  // MongoDB keeps array length on $unset of an element and leaves null in its place.
  if (Array.isArray(container) && /^\d+$/.test(last)) {
    if (Number(last) < container.length) container[Number(last)] = null;
  } else if (isPlainObject(container)) {
    delete container[last];
  }
}
