import { systemClock, type Clock } from '@herald/shared-kernel';
import type { CacheBackend } from './cache-backend';
import type { Cache } from './cache.port';
import { NamespacedCache } from './namespaced-cache';

interface Entry {
  text: string;
  expiresAtMs: number;
}

export interface MemoryCacheOptions {
  clock?: Clock;
  /** Least recently used entries are evicted past this (embedded mode must not grow without bound). */
  maxEntries?: number;
}

/** A Map in insertion order doubles as the LRU list: a hit moves its entry to the end. */
class MemoryCacheBackend implements CacheBackend {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
  ) {}

  async read(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAtMs <= this.clock.now().getTime()) return undefined;
    this.entries.set(key, entry);
    return entry.text;
  }

  async write(key: string, text: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { text, expiresAtMs: this.clock.now().getTime() + ttlMs });
    if (this.entries.size > this.maxEntries) this.evict();
  }

  async remove(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry !== undefined && entry.expiresAtMs > this.clock.now().getTime();
  }

  async removePrefix(prefix: string): Promise<number> {
    const now = this.clock.now().getTime();
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      this.entries.delete(key);
      if (entry.expiresAtMs > now) removed++;
    }
    return removed;
  }

  private evict(): void {
    const now = this.clock.now().getTime();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMs <= now) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  return new NamespacedCache(
    new MemoryCacheBackend(options.clock ?? systemClock, options.maxEntries ?? 10_000),
  );
}
