import { HeraldError } from '@herald/shared-kernel';
import type { AnyDocument, Collection, ReadStore, StoredDocument } from '@herald/read-store';
import {
  generationId,
  parseGenerationRecord,
  parseProjectionRecord,
  physicalCollection,
  PROJECTION_STATE_COLLECTION,
  projectionId,
  type GenerationRecord,
  type ProjectionRecord,
} from './projection-state';

/**
 * Where query handlers find a projection's live documents. Reads go through the state record on
 * every call (one `_id` lookup) rather than a cache: after a blue/green swap the old collections
 * are dropped, and a cached name would then read an empty collection.
 */
export class ProjectionCatalog {
  constructor(private readonly readStore: ReadStore) {}

  /** The physical name of `logical` in the live version of `name`, e.g. `posts_v3`. */
  async liveCollection(name: string, logical: string): Promise<string> {
    const projection = await this.projection(name);
    if (projection === null) {
      throw new HeraldError('PROJECTIONS.NOT_READY', `Projection ${name} has not been started yet`, {
        projection: name,
      });
    }
    const generation = await this.generation(name, projection.liveVersion);
    if (generation === null || !generation.collections.includes(logical)) {
      throw new HeraldError(
        'PROJECTIONS.UNKNOWN_COLLECTION',
        `Projection ${name} has no collection ${logical}`,
        { projection: name, collection: logical },
      );
    }
    return physicalCollection(name, logical, projection.liveVersion);
  }

  /** `liveCollection`, opened: what a query handler usually wants. */
  async open<T extends StoredDocument = AnyDocument>(name: string, logical: string): Promise<Collection<T>> {
    return this.readStore.collection<T>(await this.liveCollection(name, logical));
  }

  async projection(name: string): Promise<ProjectionRecord | null> {
    const raw = await this.readStore
      .collection(PROJECTION_STATE_COLLECTION)
      .findOne({ _id: projectionId(name) });
    return raw === null ? null : parseProjectionRecord(raw);
  }

  async generation(name: string, version: number): Promise<GenerationRecord | null> {
    const raw = await this.readStore
      .collection(PROJECTION_STATE_COLLECTION)
      .findOne({ _id: generationId(name, version) });
    return raw === null ? null : parseGenerationRecord(raw);
  }

  /** Every generation of `name` still on record, oldest first. */
  async generations(name: string): Promise<GenerationRecord[]> {
    const raws = await this.readStore
      .collection(PROJECTION_STATE_COLLECTION)
      .find({ kind: 'generation', name }, { sort: { version: 1 } });
    return raws.map(parseGenerationRecord);
  }

  async projectionNames(): Promise<string[]> {
    const raws = await this.readStore
      .collection(PROJECTION_STATE_COLLECTION)
      .find({ kind: 'projection' }, { sort: { name: 1 } });
    return raws.map((raw) => parseProjectionRecord(raw).name);
  }
}
