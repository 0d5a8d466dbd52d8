import { assertFieldPath, unsupported } from './filter-matcher';
import { isPlainObject } from './json-value';
import type { SortDirection } from '../read-store.port';

export interface NormalizedIndexSpec {
  name: string;
  fields: Array<[string, SortDirection]>;
  unique: boolean;
}

/** Validates an index spec and names it the way MongoDB does (`status_1_scheduledAt_-1`). */
export function normalizeIndexSpec(spec: unknown): NormalizedIndexSpec {
  if (!isPlainObject(spec) || !isPlainObject(spec.fields) || Object.keys(spec.fields).length === 0) {
    throw unsupported('createIndex', 'createIndex needs { fields: { path: 1 | -1, ... } }');
  }
  const fields = Object.entries(spec.fields).map(([path, direction]): [string, SortDirection] => {
    assertFieldPath(path);
    if (direction !== 1 && direction !== -1)
      throw unsupported('createIndex', `Index direction of "${path}" must be 1 or -1`);
    return [path, direction];
  });
  if (spec.unique !== undefined && typeof spec.unique !== 'boolean')
    throw unsupported('createIndex', 'unique must be true or false');
  if (spec.name !== undefined && typeof spec.name !== 'string')
    throw unsupported('createIndex', 'name must be a string');
  const name = spec.name ?? fields.map(([path, direction]) => `${path}_${direction}`).join('_');
  const unique = spec.unique === true;
  if (fields.length === 1 && fields[0][0] === '_id' && unique) {
    throw unsupported('createIndex', '_id is always unique; do not create a unique index on it');
  }
  return { name, fields, unique };
}
