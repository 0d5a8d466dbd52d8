import type { JsonValue } from '../shared/json-value';

export type CacheLoader<T extends JsonValue> = () => Promise<T>;
/** Checks a cached value's shape; throw to treat the entry as unusable (it is then reloaded). */
export type CacheParser<T extends JsonValue> = (value: JsonValue) => T;

/**
 * A shared cache of JSON values with a TTL per entry. It is a cache: entries may vanish at any
 * time (eviction, a Redis restart), so nothing here may be the only copy of a fact. Values are
 * stored serialized; what a reader gets is a fresh copy, never an object another caller holds.
 */
export interface Cache {
  get(key: string): Promise<JsonValue | undefined>;
  set(key: string, value: JsonValue, ttlMs: number): Promise<void>;
  /** True when an entry was removed. */
  delete(key: string): Promise<boolean>;
  /**
   * The cached value, or the loader's (which is cached for `ttlMs`). Concurrent misses for one key
   * in one process call the loader once and share its result or its error; errors are not cached.
   * Without a parser, a cached value is trusted to have the loader's shape: put a version in the
   * key when that shape changes.
   */
  getOrLoad<T extends JsonValue>(
    key: string,
    ttlMs: number,
    loader: CacheLoader<T>,
    parse?: CacheParser<T>,
  ): Promise<T>;
  /**
   * A view whose keys cannot meet this cache's other keys or other namespaces' (one per tenant:
   * `cache.namespace(tenantId)`). Names may not contain `/` or `#`, which the key layout uses.
   */
  namespace(name: string): Cache;
  /** Removes every entry of this namespace and its sub-namespaces (a tenant's erasure); returns how many. */
  clear(): Promise<number>;
}
