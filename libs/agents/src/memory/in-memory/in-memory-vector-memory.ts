import type { Embedder } from '../../embeddings/embedder.port';
import { cosine, matchesWhere, requireLimit, requireMemory, requireScope } from '../memory-guards';
import type {
  Memory,
  MemoryCollection,
  MemoryHit,
  MemorySearch,
  NewMemory,
  VectorMemory,
} from '../vector-memory.port';

interface Stored {
  readonly memory: Memory;
  readonly vector: number[];
}

/** Embedded mode without Chroma: exact cosine search over the organization's memories, in process. */
export class InMemoryVectorMemory implements VectorMemory {
  /** organizationId → collection → memory id → stored. Tenants never share a map. */
  private readonly tenants = new Map<string, Map<MemoryCollection, Map<string, Stored>>>();

  constructor(private readonly embedder: Embedder) {}

  async remember(
    organizationId: string,
    collection: MemoryCollection,
    memories: readonly NewMemory[],
  ): Promise<void> {
    requireScope(organizationId, collection);
    memories.forEach(requireMemory);
    const vectors = await this.embedder.embed(memories.map((memory) => memory.text));
    const shelf = this.shelf(organizationId, collection, true);
    memories.forEach((memory, index) => {
      shelf.set(memory.id, {
        memory: { ...memory, organizationId, collection, attributes: { ...memory.attributes } },
        vector: vectors[index],
      });
    });
  }

  async search(
    organizationId: string,
    collection: MemoryCollection,
    search: MemorySearch,
  ): Promise<MemoryHit[]> {
    requireScope(organizationId, collection);
    const limit = requireLimit(search.limit);
    const shelf = this.shelf(organizationId, collection, false);
    if (shelf.size === 0) return [];
    const [query] = await this.embedder.embed([search.query]);
    return [...shelf.values()]
      .filter((stored) => matchesWhere(stored.memory.attributes, search.where))
      .map((stored) => ({ ...stored.memory, score: cosine(query, stored.vector) }))
      .sort((a, b) => b.score - a.score || b.recordedAt.localeCompare(a.recordedAt))
      .slice(0, limit);
  }

  async recent(organizationId: string, collection: MemoryCollection, limit: number): Promise<Memory[]> {
    requireScope(organizationId, collection);
    return [...this.shelf(organizationId, collection, false).values()]
      .map((stored) => stored.memory)
      .sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt))
      .slice(0, requireLimit(limit));
  }

  async forget(organizationId: string, collection: MemoryCollection, ids: readonly string[]): Promise<void> {
    requireScope(organizationId, collection);
    const shelf = this.shelf(organizationId, collection, false);
    for (const id of ids) shelf.delete(id);
  }

  async forgetSubject(subjectId: string): Promise<number> {
    let deleted = 0;
    for (const collections of this.tenants.values()) {
      for (const shelf of collections.values()) {
        for (const [id, stored] of shelf) {
          if (stored.memory.subjectId === subjectId) {
            shelf.delete(id);
            deleted++;
          }
        }
      }
    }
    return deleted;
  }

  async forgetOrganization(organizationId: string): Promise<number> {
    const collections = this.tenants.get(organizationId);
    this.tenants.delete(organizationId);
    return [...(collections?.values() ?? [])].reduce((sum, shelf) => sum + shelf.size, 0);
  }

  async close(): Promise<void> {
    this.tenants.clear();
  }

  private shelf(organizationId: string, collection: MemoryCollection, create: boolean): Map<string, Stored> {
    let collections = this.tenants.get(organizationId);
    if (!collections) {
      if (!create) return new Map();
      collections = new Map();
      this.tenants.set(organizationId, collections);
    }
    let shelf = collections.get(collection);
    if (!shelf) {
      shelf = new Map();
      if (create) collections.set(collection, shelf);
    }
    return shelf;
  }
}
