import { unsupported, compileFilter, assertFieldPath } from './filter-matcher';
import { isPlainObject, type JsonObject, type JsonValue } from './json-value';
import { splitPath } from './path';
import { applyProjection, compileProjection, type CompiledProjection } from './projection';
import { normalizeSort, sortDocuments } from './sort';
import { compileGroup } from './group-stage';
import { evaluateReference, parseFieldReference } from './field-reference';

export interface CompiledStage {
  /** The stage as sent to a MongoDB server (normalised, e.g. `$count: {}` becomes `$sum: 1`). */
  readonly native: JsonObject;
  /**
   * FerretDB 1.24 runs this stage correctly. It lacks `$avg $min $max $first $last $push`,
   * `$unwind` options, miscomputes every `$group` accumulator after the first, and silently
   * returns `"$path"` literals from `$project` renames, so the MongoDB adapter runs stages from
   * the first non-portable one onwards in process there.
   */
  readonly portable: boolean;
  run(documents: JsonObject[]): JsonObject[];
}

const STAGES = ['$match', '$group', '$sort', '$limit', '$skip', '$project', '$unwind', '$count'];

export function compilePipeline(pipeline: unknown): CompiledStage[] {
  if (!Array.isArray(pipeline)) throw unsupported('pipeline', 'A pipeline must be an array of stages');
  return pipeline.map((stage: unknown) => compileStage(stage));
}

export function runPipeline(stages: readonly CompiledStage[], documents: JsonObject[]): JsonObject[] {
  return stages.reduce((docs, stage) => stage.run(docs), documents);
}

function compileStage(stage: unknown): CompiledStage {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
    throw unsupported('pipeline', 'Each pipeline stage must be an object with exactly one stage operator');
  }
  const [name, spec] = Object.entries(stage)[0];
  if (!STAGES.includes(name)) throw unsupported(name, `Aggregation stage ${name} is not supported`);
  switch (name) {
    case '$match': {
      const predicate = compileFilter(spec);
      return {
        native: { $match: spec as JsonObject },
        portable: true,
        run: (docs) => docs.filter(predicate),
      };
    }
    case '$group':
      return compileGroup(spec);
    case '$sort': {
      const keys = normalizeSort(spec, false);
      if (keys.length === 0) throw unsupported('$sort', '$sort needs at least one field');
      return {
        native: { $sort: spec as JsonObject },
        portable: true,
        run: (docs) => sortDocuments(docs, keys),
      };
    }
    case '$limit':
    case '$skip': {
      const minimum = name === '$limit' ? 1 : 0;
      if (typeof spec !== 'number' || !Number.isInteger(spec) || spec < minimum) {
        throw unsupported(name, `${name} needs an integer of at least ${minimum}`);
      }
      const run =
        name === '$limit'
          ? (docs: JsonObject[]) => docs.slice(0, spec)
          : (docs: JsonObject[]) => docs.slice(spec);
      return { native: { [name]: spec }, portable: true, run };
    }
    case '$project':
      return compileProject(spec);
    case '$unwind':
      return compileUnwind(spec);
    default: {
      if (typeof spec !== 'string' || spec.length === 0 || spec.startsWith('$') || spec.includes('.')) {
        throw unsupported('$count', '$count needs a plain output field name');
      }
      // Like MongoDB, no input documents means no output document (not a zero count).
      return {
        native: { $count: spec },
        portable: true,
        run: (docs) => (docs.length === 0 ? [] : [{ [spec]: docs.length }]),
      };
    }
  }
}

function compileProject(spec: unknown): CompiledStage {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
    throw unsupported('$project', '$project needs an object of fields');
  }
  const flags: Record<string, 0 | 1 | boolean> = {};
  const computed: Array<[string, string[]]> = [];
  for (const [field, value] of Object.entries(spec)) {
    if (typeof value === 'string') {
      if (field.includes('.'))
        throw unsupported('$project', `Computed field "${field}" must be a top-level name`);
      computed.push([field, parseFieldReference(value, '$project')]);
    } else if (value === 0 || value === 1 || typeof value === 'boolean') {
      flags[field] = value;
    } else {
      throw unsupported('$project', `$project of "${field}" must be 0, 1 or a "$field" reference`);
    }
  }
  if (computed.length === 0) {
    const projection = compileProjection(flags);
    return {
      native: { $project: spec as JsonObject },
      portable: true,
      run: (docs) => docs.map((doc) => applyProjection(doc, projection)),
    };
  }
  const included = Object.entries(flags).filter(([field]) => field !== '_id');
  if (included.some(([, flag]) => flag === 0 || flag === false)) {
    throw unsupported('$project', '$project cannot mix exclusions with computed fields');
  }
  const includeId = flags._id === undefined || flags._id === 1 || flags._id === true;
  for (const [field] of included) assertFieldPath(field);
  const projection: CompiledProjection = {
    mode: 'include',
    paths: included.map(([field]) => splitPath(field)),
    includeId,
  };
  const run = (docs: JsonObject[]): JsonObject[] =>
    docs.map((doc) => {
      const out: JsonObject =
        projection.paths.length > 0
          ? applyProjection(doc, projection)
          : includeId && doc._id !== undefined
            ? { _id: doc._id }
            : {};
      for (const [field, segments] of computed) {
        const value = evaluateReference(doc, segments);
        if (value !== undefined) out[field] = structuredClone(value);
      }
      return out;
    });
  return { native: { $project: spec as JsonObject }, portable: false, run };
}

function compileUnwind(spec: unknown): CompiledStage {
  let reference: unknown = spec;
  let preserve = false;
  if (isPlainObject(spec)) {
    const extra = Object.keys(spec).find((k) => k !== 'path' && k !== 'preserveNullAndEmptyArrays');
    if (extra) throw unsupported(`$unwind.${extra}`, `$unwind option ${extra} is not supported`);
    reference = spec.path;
    if (
      spec.preserveNullAndEmptyArrays !== undefined &&
      typeof spec.preserveNullAndEmptyArrays !== 'boolean'
    ) {
      throw unsupported('$unwind', 'preserveNullAndEmptyArrays must be true or false');
    }
    preserve = spec.preserveNullAndEmptyArrays === true;
  }
  const segments = parseFieldReference(reference, '$unwind');
  const run = (docs: JsonObject[]): JsonObject[] =>
    docs.flatMap((doc) => {
      const value = readPlain(doc, segments);
      if (Array.isArray(value)) {
        if (value.length > 0) return value.map((element) => replaceAt(doc, segments, element));
        return preserve ? [replaceAt(doc, segments, undefined)] : [];
      }
      if (value === undefined || value === null) return preserve ? [doc] : [];
      return [doc];
    });
  return { native: { $unwind: spec as JsonValue }, portable: typeof spec === 'string', run };
}

function readPlain(doc: JsonObject, segments: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = doc;
  for (const segment of segments) {
    if (!isPlainObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

function replaceAt(doc: JsonObject, segments: readonly string[], value: JsonValue | undefined): JsonObject {
  const out = structuredClone(doc);
  let container: JsonObject = out;
  for (const segment of segments.slice(0, -1)) container = container[segment] as JsonObject;
  const last = segments[segments.length - 1];
  if (value === undefined) delete container[last];
  else container[last] = structuredClone(value);
  return out;
}
