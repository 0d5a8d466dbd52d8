export const MEMORY_COLLECTIONS = [
  'brand_voice',
  'content_history',
  'engagement_patterns',
  'competitor_insights',
  'crisis_patterns',
] as const;
export type MemoryCollection = (typeof MEMORY_COLLECTIONS)[number];

/** Flat scalar facts, as every vector store can filter on them. */
export type MemoryAttributes = Readonly<Record<string, string | number | boolean>>;

export interface NewMemory {
  /** Unique within the organization and collection; writing it again replaces the memory. */
  readonly id: string;
  readonly text: string;
  /** The data subject the text is about or written by (a commenter, a user), for erasure. */
  readonly subjectId: string | null;
  readonly attributes?: MemoryAttributes;
  /** ISO-8601 instant. */
  readonly recordedAt: string;
}

export interface Memory extends NewMemory {
  readonly organizationId: string;
  readonly collection: MemoryCollection;
  readonly attributes: MemoryAttributes;
}

export interface MemoryHit extends Memory {
  /** Cosine similarity in [-1, 1], higher is closer. */
  readonly score: number;
}

export interface MemorySearch {
  readonly query: string;
  readonly limit: number;
  /** Only memories whose attributes equal these values. */
  readonly where?: MemoryAttributes;
}

/**
 * Agent memory. Every operation names its organization and sees only that organization's
 * memories: no recall across tenants, whatever the query. `forgetSubject` is the erasure hook:
 * it deletes every memory of a data subject in every organization and collection.
 */
export interface VectorMemory {
  remember(
    organizationId: string,
    collection: MemoryCollection,
    memories: readonly NewMemory[],
  ): Promise<void>;
  search(organizationId: string, collection: MemoryCollection, search: MemorySearch): Promise<MemoryHit[]>;
  /** Most recent first. */
  recent(organizationId: string, collection: MemoryCollection, limit: number): Promise<Memory[]>;
  forget(organizationId: string, collection: MemoryCollection, ids: readonly string[]): Promise<void>;
  /** Returns how many memories were deleted. */
  forgetSubject(subjectId: string): Promise<number>;
  forgetOrganization(organizationId: string): Promise<number>;
  close(): Promise<void>;
}
