/** What an adapter provides under the shared namespacing, JSON and single-flight logic. */
export interface CacheBackend {
  read(key: string): Promise<string | undefined>;
  write(key: string, text: string, ttlMs: number): Promise<void>;
  remove(key: string): Promise<boolean>;
  /** Removes every key starting with `prefix` ('' = all of this cache); returns how many. */
  removePrefix(prefix: string): Promise<number>;
}
