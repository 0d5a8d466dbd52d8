import { assertFieldPath, unsupported } from './filter-matcher';
import { isPlainObject, type JsonObject, type JsonValue } from './json-value';
import { splitPath } from './path';

export interface CompiledProjection {
  readonly mode: 'include' | 'exclude';
  readonly paths: readonly string[][];
  readonly includeId: boolean;
}

/**
 * Inclusion or exclusion of fields (not both, except `_id: 0` with inclusions), as MongoDB
 * requires. Field renames belong to the aggregation `$project` stage.
 */
export function compileProjection(projection: unknown): CompiledProjection | null {
  if (projection === undefined || projection === null) return null;
  if (!isPlainObject(projection))
    throw unsupported('projection', 'A projection must be an object of field paths to 0 or 1');
  if (Object.keys(projection).length === 0) return null;
  let includeId = true;
  const include: string[][] = [];
  const exclude: string[][] = [];
  for (const [path, flag] of Object.entries(projection)) {
    assertFieldPath(path);
    if (flag !== 0 && flag !== 1 && flag !== true && flag !== false) {
      throw unsupported('projection', `Projection of "${path}" must be 0 or 1`);
    }
    const on = flag === 1 || flag === true;
    if (path === '_id') includeId = on;
    else (on ? include : exclude).push(splitPath(path));
  }
  if (include.length > 0 && exclude.length > 0) {
    throw unsupported('projection', 'A projection cannot mix inclusion and exclusion (other than _id: 0)');
  }
  if (include.length > 0 || (exclude.length === 0 && includeId))
    return { mode: 'include', paths: include, includeId };
  return { mode: 'exclude', paths: exclude, includeId };
}

export function applyProjection(document: JsonObject, projection: CompiledProjection | null): JsonObject {
  if (!projection) return document;
  if (projection.mode === 'include' && projection.paths.length === 0) {
    return projection.includeId ? { _id: document._id } : document;
  }
  if (projection.mode === 'exclude') {
    const out = structuredClone(document);
    for (const segments of projection.paths) removePath(out, segments);
    if (!projection.includeId) delete out._id;
    return out;
  }
  const out: JsonObject = {};
  if (projection.includeId && document._id !== undefined) out._id = document._id;
  for (const segments of projection.paths) copyPath(document, out, segments);
  return out;
}

function copyPath(from: JsonObject, to: JsonObject, segments: readonly string[]): void {
  const [head, ...rest] = segments;
  if (!Object.prototype.hasOwnProperty.call(from, head)) return;
  const value = from[head];
  if (rest.length === 0) {
    to[head] = structuredClone(value);
  } else if (isPlainObject(value)) {
    const target = isPlainObject(to[head]) ? (to[head] as JsonObject) : (to[head] = {});
    copyPath(value, target, rest);
  } else if (Array.isArray(value)) {
    // MongoDB projects into each object element of an array and drops the other elements.
    const existing = Array.isArray(to[head]) ? (to[head] as JsonValue[]) : undefined;
    to[head] = value
      .map((element, i): JsonValue | undefined => {
        if (!isPlainObject(element)) return undefined;
        const base = existing && isPlainObject(existing[i]) ? (existing[i] as JsonObject) : {};
        copyPath(element, base, rest);
        return base;
      })
      .filter((element): element is JsonValue => element !== undefined);
  }
}

function removePath(document: JsonValue, segments: readonly string[]): void {
  const [head, ...rest] = segments;
  if (Array.isArray(document)) {
    for (const element of document) removePath(element, segments);
    return;
  }
  if (!isPlainObject(document)) return;
  if (rest.length === 0) delete document[head];
  else if (document[head] !== undefined) removePath(document[head], rest);
}
