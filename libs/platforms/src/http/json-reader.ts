/** Thrown when a platform's JSON does not have the shape its documentation promises. */
export class ResponseShapeError extends Error {
  constructor(
    readonly path: string,
    expected: string,
  ) {
    super(`expected ${expected} at ${path || 'the top level'}`);
    this.name = 'ResponseShapeError';
  }
}

/**
 * A small typed walk over `unknown` JSON, so connectors parse platform answers without casts and
 * a missing field names its path ("data.id") in the error instead of failing later as undefined.
 */
export class JsonReader {
  constructor(
    readonly value: unknown,
    private readonly path = '',
  ) {}

  at(key: string | number): JsonReader {
    const child = this.path === '' ? String(key) : `${this.path}.${key}`;
    if (typeof key === 'number') {
      return new JsonReader(Array.isArray(this.value) ? this.value[key] : undefined, child);
    }
    const holder = this.isObject() ? (this.value as Record<string, unknown>)[key] : undefined;
    return new JsonReader(holder, child);
  }

  has(key: string): boolean {
    return this.isObject() && (this.value as Record<string, unknown>)[key] !== undefined;
  }

  isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  string(key?: string): string {
    const node = key === undefined ? this : this.at(key);
    // 64-bit ids sometimes arrive as numbers; stringify only integers that are still exact.
    if (typeof node.value === 'number' && Number.isSafeInteger(node.value)) return String(node.value);
    if (typeof node.value !== 'string') throw new ResponseShapeError(node.path, 'a string');
    return node.value;
  }

  optionalString(key: string): string | null {
    const node = this.at(key);
    return node.value === undefined || node.value === null ? null : node.string();
  }

  number(key?: string): number {
    const node = key === undefined ? this : this.at(key);
    if (typeof node.value !== 'number' || !Number.isFinite(node.value)) {
      throw new ResponseShapeError(node.path, 'a number');
    }
    return node.value;
  }

  optionalNumber(key: string): number | null {
    const node = this.at(key);
    return node.value === undefined || node.value === null ? null : node.number();
  }

  array(key?: string): JsonReader[] {
    const node = key === undefined ? this : this.at(key);
    if (!Array.isArray(node.value)) throw new ResponseShapeError(node.path, 'a list');
    return node.value.map((_, index) => node.at(index));
  }

  optionalArray(key: string): JsonReader[] {
    const node = this.at(key);
    return node.value === undefined || node.value === null ? [] : node.array();
  }
}
