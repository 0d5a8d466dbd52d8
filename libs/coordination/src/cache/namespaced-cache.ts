import { assertDuration, assertName, invalidArgument } from '../shared/arguments';
import { parseJson, serializeJson, type JsonValue } from '../shared/json-value';
import type { CacheBackend } from './cache-backend';
import type { Cache, CacheLoader, CacheParser } from './cache.port';
import { SingleFlight } from './single-flight';

/**
 * Key layout: every namespace segment ends in `/`, the entry key follows `#`
 * (`tenant-1/drafts/#post-9`). Segments may not hold `/` or `#`, so the first `#` always ends
 * the namespace path and no key of one namespace can spell a key of another, whatever the key
 * contains; `clear()` removes exactly the keys starting with the namespace path.
 */
export class NamespacedCache implements Cache {
  constructor(
    private readonly backend: CacheBackend,
    private readonly path = '',
    private readonly flights = new SingleFlight<JsonValue>(),
  ) {}

  async get(key: string): Promise<JsonValue | undefined> {
    const text = await this.backend.read(this.fullKey(key));
    return text === undefined ? undefined : parseJson(text);
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    assertDuration('ttlMs', ttlMs);
    await this.backend.write(this.fullKey(key), serializeJson('value', value), ttlMs);
  }

  async delete(key: string): Promise<boolean> {
    return this.backend.remove(this.fullKey(key));
  }

  async getOrLoad<T extends JsonValue>(
    key: string,
    ttlMs: number,
    loader: CacheLoader<T>,
    parse?: CacheParser<T>,
  ): Promise<T> {
    assertDuration('ttlMs', ttlMs);
    const cached = await this.get(key);
    if (cached !== undefined) {
      const usable = this.tryParse(cached, parse);
      if (usable !== undefined) return usable;
    }
    const loaded = await this.flights.run(this.fullKey(key), async () => {
      const value = await loader();
      await this.set(key, value, ttlMs);
      return value;
    });
    // The flight may be another caller's; its loader is assumed to produce this key's shape.
    return parse ? parse(loaded) : (loaded as T);
  }

  namespace(name: string): Cache {
    assertName('namespace', name);
    if (/[/#]/.test(name)) throw invalidArgument('namespace', 'must not contain "/" or "#"');
    return new NamespacedCache(this.backend, `${this.path}${name}/`, this.flights);
  }

  clear(): Promise<number> {
    return this.backend.removePrefix(this.path);
  }

  private fullKey(key: string): string {
    assertName('key', key);
    return `${this.path}#${key}`;
  }

  private tryParse<T extends JsonValue>(value: JsonValue, parse: CacheParser<T> | undefined): T | undefined {
    if (!parse) return value as T;
    try {
      return parse(value);
    } catch {
      // An entry written under an older shape: reload rather than fail the caller.
      return undefined;
    }
  }
}
