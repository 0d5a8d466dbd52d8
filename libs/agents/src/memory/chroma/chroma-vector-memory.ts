import { ChromaClient, type Collection, type Metadata, type Where } from 'chromadb';
import { HeraldError, isHeraldError } from '@herald/shared-kernel';
import type { Embedder } from '../../embeddings/embedder.port';
import { requireLimit, requireMemory, requireScope } from '../memory-guards';
import {
  MEMORY_COLLECTIONS,
  type Memory,
  type MemoryAttributes,
  type MemoryCollection,
  type MemoryHit,
  type MemorySearch,
  type NewMemory,
  type VectorMemory,
} from '../vector-memory.port';

export interface ChromaVectorMemoryOptions {
  /** `http://host:port` of the Chroma server (CHROMA_URL). */
  readonly url: string;
  readonly embedder: Embedder;
  /** Collection name prefix, so deployments (or test runs) can share one server. */
  readonly prefix?: string;
}

/** Bounds `recent`: Chroma cannot sort, so the organization's memories are read and sorted here. */
const MAX_SCAN = 5000;

/**
 * Agent memory in Chroma. One Chroma collection per memory collection and vector space (the
 * embedder id is part of its name: vectors of different sizes never mix). Tenancy is enforced
 * twice: every read and delete filters on `organizationId`, and record ids are prefixed with the
 * organization so one tenant's write can never replace another's memory.
 */
export class ChromaVectorMemory implements VectorMemory {
  private readonly client: ChromaClient;
  private readonly collections = new Map<MemoryCollection, Promise<Collection>>();
  private readonly prefix: string;

  constructor(private readonly options: ChromaVectorMemoryOptions) {
    const url = new URL(options.url);
    this.client = new ChromaClient({
      host: url.hostname,
      port: url.port === '' ? (url.protocol === 'https:' ? 443 : 8000) : Number(url.port),
      ssl: url.protocol === 'https:',
    });
    this.prefix = options.prefix ?? 'herald';
  }

  /** Chroma names: 3–512 characters of [a-zA-Z0-9._-], starting and ending alphanumeric. */
  collectionName(collection: MemoryCollection): string {
    return `${this.prefix}_${collection}_${this.options.embedder.id}`.replace(/[^a-zA-Z0-9._-]/g, '-');
  }

  async remember(
    organizationId: string,
    collection: MemoryCollection,
    memories: readonly NewMemory[],
  ): Promise<void> {
    requireScope(organizationId, collection);
    memories.forEach(requireMemory);
    if (memories.length === 0) return;
    const embeddings = await this.options.embedder.embed(memories.map((memory) => memory.text));
    await this.guard(async () => {
      const handle = await this.collection(collection);
      await handle.upsert({
        ids: memories.map((memory) => recordId(organizationId, memory.id)),
        embeddings,
        documents: memories.map((memory) => memory.text),
        metadatas: memories.map((memory) => toMetadata(organizationId, memory)),
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
    const [query] = await this.options.embedder.embed([search.query]);
    return this.guard(async () => {
      const handle = await this.collection(collection);
      const result = await handle.query({
        queryEmbeddings: [query],
        nResults: limit,
        where: whereOf(organizationId, search.where),
        include: ['documents', 'metadatas', 'distances'],
      });
      const hits: MemoryHit[] = [];
      result.ids[0]?.forEach((_id, index) => {
        const memory = fromRecord(collection, result.documents[0][index], result.metadatas[0][index]);
        // Belt and braces: a record of another organization is never returned, whatever the filter did.
        if (memory === null || memory.organizationId !== organizationId) return;
        hits.push({ ...memory, score: 1 - (result.distances[0][index] ?? 1) });
      });
      return hits;
    });
  }

  async recent(organizationId: string, collection: MemoryCollection, limit: number): Promise<Memory[]> {
    requireScope(organizationId, collection);
    const wanted = requireLimit(limit);
    return this.guard(async () => {
      const handle = await this.collection(collection);
      const result = await handle.get({
        where: { organizationId },
        limit: MAX_SCAN,
        include: ['documents', 'metadatas'],
      });
      return result.ids
        .map((_id, index) => fromRecord(collection, result.documents[index], result.metadatas[index]))
        .filter((memory): memory is Memory => memory !== null && memory.organizationId === organizationId)
        .sort((a, b) => Date.parse(b.recordedAt) - Date.parse(a.recordedAt))
        .slice(0, wanted);
    });
  }

  async forget(organizationId: string, collection: MemoryCollection, ids: readonly string[]): Promise<void> {
    requireScope(organizationId, collection);
    if (ids.length === 0) return;
    await this.guard(async () => {
      const handle = await this.collection(collection);
      await handle.delete({ ids: ids.map((id) => recordId(organizationId, id)), where: { organizationId } });
    });
  }

  forgetSubject(subjectId: string): Promise<number> {
    return this.deleteEverywhere({ subjectId });
  }

  forgetOrganization(organizationId: string): Promise<number> {
    return this.deleteEverywhere({ organizationId });
  }

  async close(): Promise<void> {
    this.collections.clear();
  }

  /** Deletes by id after counting, so erasure reports what it removed. */
  private async deleteEverywhere(where: Where): Promise<number> {
    return this.guard(async () => {
      let deleted = 0;
      for (const collection of MEMORY_COLLECTIONS) {
        const handle = await this.collection(collection);
        for (;;) {
          const found = await handle.get({ where, limit: 500, include: [] });
          if (found.ids.length === 0) break;
          await handle.delete({ ids: found.ids });
          deleted += found.ids.length;
        }
      }
      return deleted;
    });
  }

  private collection(collection: MemoryCollection): Promise<Collection> {
    let handle = this.collections.get(collection);
    if (!handle) {
      handle = this.client.getOrCreateCollection({
        name: this.collectionName(collection),
        // Vectors come from Herald's embedder; Chroma must not load one of its own.
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
        metadata: { embedder: this.options.embedder.id, collection },
      });
      handle.catch(() => this.collections.delete(collection));
      this.collections.set(collection, handle);
    }
    return handle;
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isHeraldError(error)) throw error;
      throw new HeraldError(
        'AI.MEMORY_UNAVAILABLE',
        `The agent memory at ${this.options.url} failed: ${error instanceof Error ? error.message : String(error)}`,
        { url: this.options.url },
        { cause: error },
      );
    }
  }
}

const recordId = (organizationId: string, memoryId: string): string => `${organizationId}::${memoryId}`;

function whereOf(organizationId: string, attributes: MemoryAttributes | undefined): Where {
  const conditions: Where[] = [
    { organizationId },
    ...Object.entries(attributes ?? {}).map(([key, value]) => ({ [key]: value })),
  ];
  return conditions.length === 1 ? conditions[0] : { $and: conditions };
}

function toMetadata(organizationId: string, memory: NewMemory): Metadata {
  return {
    ...memory.attributes,
    organizationId,
    memoryId: memory.id,
    recordedAt: memory.recordedAt,
    ...(memory.subjectId === null ? {} : { subjectId: memory.subjectId }),
  };
}

function fromRecord(
  collection: MemoryCollection,
  document: string | null,
  metadata: Metadata | null,
): Memory | null {
  if (document === null || metadata === null) return null;
  const { organizationId, memoryId, recordedAt, subjectId, ...rest } = metadata;
  if (typeof organizationId !== 'string' || typeof memoryId !== 'string' || typeof recordedAt !== 'string')
    return null;
  const attributes: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      attributes[key] = value;
  }
  return {
    id: memoryId,
    organizationId,
    collection,
    text: document,
    subjectId: typeof subjectId === 'string' ? subjectId : null,
    recordedAt,
    attributes,
  };
}
