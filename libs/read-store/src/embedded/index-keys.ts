import type { JsonObject, JsonValue } from '../query/json-value';
import { collectPath } from '../query/path';
import type { IndexEntry } from './sqlite-catalog';

/** Separates the parts of a compound key; JSON text never contains a raw U+0001. */
export const SEPARATOR = '\u0001';
export const AFTER_SEPARATOR = '\u0002';

export function encodeKeyPart(value: JsonValue): string {
  return JSON.stringify(value);
}

/**
 * Index entries of a document, as MongoDB builds them: a missing field indexes as null, an
 * array field (multikey) indexes each element, so a unique index rejects two documents sharing
 * any element. Compound keys are the cartesian product of the parts, deduplicated per document
 * so a document never conflicts with itself.
 */
export function indexKeys(document: JsonObject, index: IndexEntry): string[] {
  let keys: string[] = [''];
  index.fields.forEach((field, position) => {
    const parts = new Set<string>();
    const { values } = collectPath(document, field.segments);
    if (values.length === 0) parts.add(encodeKeyPart(null));
    for (const value of values) {
      if (Array.isArray(value)) {
        if (value.length === 0) parts.add(encodeKeyPart(null));
        for (const element of value) parts.add(encodeKeyPart(element));
      } else {
        parts.add(encodeKeyPart(value));
      }
    }
    keys = keys.flatMap((prefix) =>
      [...parts].map((part) => (position === 0 ? part : `${prefix}${SEPARATOR}${part}`)),
    );
  });
  return [...new Set(keys)];
}
