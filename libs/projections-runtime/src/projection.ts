import { HeraldError } from '@herald/shared-kernel';
import type { RecordedEvent } from '@herald/event-store';
import type {
  AnyDocument,
  Filter,
  FindOptions,
  IndexSpec,
  NewDocument,
  StoredDocument,
  Update,
} from '@herald/read-store';

/**
 * Writes a handler asks for, against the projection's logical collection names. Every write is
 * stamped with the event's global position (`atPosition`), on every store: replaying an event
 * leaves documents already at or past it untouched, so a handler never has to guard its own
 * `$inc`s. The flip side: a document can be written once per event — a second write at the
 * same position would be a silent no-op, so the context rejects it (PROJECTIONS.DUPLICATE_WRITE).
 */
export interface ProjectionWrites {
  /** Updates the document `id`, creating it (seeded with `_id`) when missing. */
  upsert<T extends StoredDocument = AnyDocument>(collection: string, id: string, update: Update<T>): void;
  /** Replaces the document `id` wholesale, creating it when missing. */
  replace<T extends StoredDocument = AnyDocument>(
    collection: string,
    id: string,
    document: NewDocument<T>,
  ): void;
  /** Updates every matching document (e.g. all posts of a disconnected account). */
  updateMany<T extends StoredDocument = AnyDocument>(
    collection: string,
    filter: Filter<T>,
    update: Update<T>,
  ): void;
  delete(collection: string, id: string): void;
  deleteMany<T extends StoredDocument = AnyDocument>(collection: string, filter: Filter<T>): void;
}

/**
 * Reads of the projection's own documents. A read first commits the writes of the earlier
 * events of the batch (with a checkpoint just before this event), so it sees exactly the state
 * after every earlier event. It never sees this event's own writes: read, then write.
 *
 * On stores without atomic batches, a replay after a crash may read documents already carrying
 * later events; derive writes to a document from that document's own fields (its write is then
 * skipped by the position guard) rather than copying one document's state into another.
 */
export interface ProjectionReads {
  get<T extends StoredDocument = AnyDocument>(collection: string, id: string): Promise<T | null>;
  find<T extends StoredDocument = AnyDocument>(
    collection: string,
    filter: Filter<T>,
    options?: FindOptions<T>,
  ): Promise<T[]>;
}

export interface ProjectionContext extends ProjectionWrites, ProjectionReads {
  /** Global position of the event being handled. */
  readonly position: number;
}

export interface ProjectionIndexes {
  createIndex<T = unknown>(collection: string, spec: IndexSpec<T>): Promise<void>;
}

export interface ProjectionDefinition {
  /** `[a-z][A-Za-z0-9]*`: part of every physical collection name. */
  readonly name: string;
  /** Bump it when `handle` changes what it writes: a new version is built beside the live one. */
  readonly version: number;
  /** Only these event types (empty or absent: all). Combined with `categories` by AND. */
  readonly eventTypes?: readonly string[];
  /** Only events of these stream categories (empty or absent: all). */
  readonly categories?: readonly string[];
  /** Logical names of the collections the projection owns; each version gets its own physical copy. */
  readonly collections: readonly string[];
  /** Creates indexes; runs before each start of a version and must be idempotent. */
  setup?(indexes: ProjectionIndexes): Promise<void>;
  /** Throwing stops this projection at this event (never skipped) until an operator retries or skips it. */
  handle(event: RecordedEvent, context: ProjectionContext): void | Promise<void>;
}

const PROJECTION_NAME = /^[a-z][A-Za-z0-9]{0,47}$/;
const COLLECTION_NAME = /^[a-z][A-Za-z0-9]{0,47}$/;

/** Checks the definition once, where it is declared, so a typo fails at start-up and not mid-stream. */
export function defineProjection<T extends ProjectionDefinition>(definition: T): T {
  const problems: string[] = [];
  if (!PROJECTION_NAME.test(definition.name))
    problems.push(`name "${definition.name}" must match ${PROJECTION_NAME}`);
  if (!Number.isSafeInteger(definition.version) || definition.version < 1)
    problems.push(`version ${definition.version} must be a positive integer`);
  if (definition.collections.length === 0) problems.push('it must declare at least one collection');
  for (const collection of definition.collections) {
    if (!COLLECTION_NAME.test(collection))
      problems.push(`collection "${collection}" must match ${COLLECTION_NAME}`);
  }
  if (new Set(definition.collections).size !== definition.collections.length)
    problems.push('collections must be distinct');
  for (const type of definition.eventTypes ?? [])
    if (type.trim() === '') problems.push('event types must not be empty');
  if (typeof definition.handle !== 'function') problems.push('handle must be a function');
  if (problems.length > 0) {
    throw new HeraldError(
      'PROJECTIONS.INVALID_DEFINITION',
      `Projection ${definition.name}: ${problems.join('; ')}`,
      {
        projection: definition.name,
        problems,
      },
    );
  }
  return definition;
}
