import { HeraldError } from '@herald/shared-kernel';
import type { RecordedEvent } from '@herald/event-store';
import type {
  AnyDocument,
  CollectionWrite,
  Filter,
  FindOptions,
  NewDocument,
  ReadStore,
  StoredDocument,
  Update,
  WriteOperation,
} from '@herald/read-store';
import type { ProjectionContext } from './projection';

/** Resolves a logical collection of the projection to this version's physical name; throws for undeclared ones. */
export type CollectionResolver = (logical: string) => string;

/**
 * Where a handler's reads go, by physical collection: the store after committing the batch's
 * earlier events (live catch-up), or the in-memory overlay of a rebuild, which already holds them.
 */
export interface ContextReader {
  get<T extends StoredDocument>(collection: string, id: string): Promise<T | null>;
  find<T extends StoredDocument>(
    collection: string,
    filter: Filter<T>,
    options?: FindOptions<T>,
  ): Promise<T[]>;
}

/** Reads that first commit what earlier events of the batch wrote, so they see it. */
export function committingReader(readStore: ReadStore, beforeRead: () => Promise<void>): ContextReader {
  return {
    async get<T extends StoredDocument>(collection: string, id: string): Promise<T | null> {
      await beforeRead();
      return readStore.collection<T>(collection).findOne({ _id: id } as Filter<T>);
    },
    async find<T extends StoredDocument>(
      collection: string,
      filter: Filter<T>,
      options?: FindOptions<T>,
    ): Promise<T[]> {
      await beforeRead();
      return readStore.collection<T>(collection).find(filter, options);
    },
  };
}

/**
 * The context one event's handler runs with: records its writes (stamped with the event's
 * position) and serves reads that see every earlier event, never this one's own writes.
 */
export class EventContext implements ProjectionContext {
  readonly writes: CollectionWrite[] = [];
  private readonly documents = new Set<string>();
  private sealed = false;

  constructor(
    private readonly event: RecordedEvent,
    private readonly resolve: CollectionResolver,
    private readonly reader: ContextReader,
  ) {}

  get position(): number {
    return this.event.globalPosition;
  }

  upsert<T extends StoredDocument = AnyDocument>(collection: string, id: string, update: Update<T>): void {
    this.record(collection, id, {
      updateOne: { filter: { _id: id }, update: update as Update, upsert: true, atPosition: this.position },
    });
  }

  replace<T extends StoredDocument = AnyDocument>(
    collection: string,
    id: string,
    document: NewDocument<T>,
  ): void {
    const replacement = { ...(document as Record<string, unknown>), _id: id };
    this.record(collection, id, {
      replaceOne: { filter: { _id: id }, replacement, upsert: true, atPosition: this.position },
    });
  }

  updateMany<T extends StoredDocument = AnyDocument>(
    collection: string,
    filter: Filter<T>,
    update: Update<T>,
  ): void {
    this.record(collection, null, {
      updateMany: { filter: filter as Filter, update: update as Update, atPosition: this.position },
    });
  }

  delete(collection: string, id: string): void {
    this.record(collection, id, { deleteOne: { filter: { _id: id }, atPosition: this.position } });
  }

  deleteMany<T extends StoredDocument = AnyDocument>(collection: string, filter: Filter<T>): void {
    this.record(collection, null, { deleteMany: { filter: filter as Filter, atPosition: this.position } });
  }

  async get<T extends StoredDocument = AnyDocument>(collection: string, id: string): Promise<T | null> {
    return this.reader.get<T>(this.resolve(collection), id);
  }

  async find<T extends StoredDocument = AnyDocument>(
    collection: string,
    filter: Filter<T>,
    options?: FindOptions<T>,
  ): Promise<T[]> {
    return this.reader.find<T>(this.resolve(collection), filter, options);
  }

  /** Called when the handler returned: a write issued later (an un-awaited promise) is a bug, not a change. */
  seal(): void {
    this.sealed = true;
  }

  private record(collection: string, id: string | null, operation: WriteOperation): void {
    if (this.sealed) {
      throw new HeraldError(
        'PROJECTIONS.INVALID_DEFINITION',
        `A write to ${collection} arrived after the handler of event ${this.position} returned`,
        {
          collection,
          position: this.position,
        },
      );
    }
    const physical = this.resolve(collection);
    if (id !== null) {
      const key = `${physical}\u0000${id}`;
      if (this.documents.has(key)) {
        throw new HeraldError(
          'PROJECTIONS.DUPLICATE_WRITE',
          `Event ${this.position} writes ${collection}/${id} twice; combine the updates into one`,
          {
            collection,
            id,
            position: this.position,
          },
        );
      }
      this.documents.add(key);
    }
    this.writes.push({ collection: physical, operation });
  }
}
