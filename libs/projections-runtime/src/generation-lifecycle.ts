import { HeraldError, type Clock, type IdGenerator } from '@herald/shared-kernel';
import type { CollectionWrite, ReadStore } from '@herald/read-store';
import type { ProjectionDefinition } from './projection';
import type { ProjectionCatalog } from './projection-catalog';
import {
  auditWrite,
  generationId,
  newGenerationRecord,
  physicalCollection,
  PROJECTION_STATE_COLLECTION,
  projectionId,
  putRecord,
  stateWrite,
  type GenerationRecord,
  type GenerationStatus,
  type ProjectionRecord,
} from './projection-state';

export const RUNNER_ACTOR = 'system:projection-runner';

export interface LifecycleWorkers {
  ensure(
    definition: ProjectionDefinition,
    version: number,
    role: 'live' | 'candidate',
    resumes: number,
  ): Promise<void>;
  stop(name: string, version: number): Promise<void>;
}

export interface LifecycleDependencies {
  readonly readStore: ReadStore;
  readonly catalog: ProjectionCatalog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly retireGraceMs: number;
  readonly log: { log(message: string): void; error(message: string): void };
  readonly workers: LifecycleWorkers;
}

export function definitionFilter(definition: ProjectionDefinition): {
  eventTypes: string[];
  categories: string[];
} {
  return { eventTypes: [...(definition.eventTypes ?? [])], categories: [...(definition.categories ?? [])] };
}

/**
 * Decides, from the stored state and the definition this process runs, which versions of a
 * projection exist and which run: the first version, a new version built beside the live one
 * (blue/green), the swap once it is caught up, and the removal of swapped-out versions.
 * Writes that flip what queries read (the live version) go first in each batch, so on a store
 * without atomic batches a crash leaves a state the next reconcile completes.
 */
export class GenerationLifecycle {
  private readonly refused = new Set<string>();
  private readonly frozen = new Set<string>();

  constructor(private readonly deps: LifecycleDependencies) {}

  /**
   * `versions`: every registered definition of one projection, oldest first. The newest is built
   * and served; an older one, when it is the live version's, keeps that version following the
   * log while the newest builds. Without it the live version keeps serving but stands still.
   */
  async reconcile(versions: readonly ProjectionDefinition[]): Promise<void> {
    const definition = versions[versions.length - 1];
    const { name } = definition;
    const projection = (await this.deps.catalog.projection(name)) ?? (await this.create(definition));
    const generations = new Map(
      (await this.deps.catalog.generations(name)).map((record) => [record.version, record]),
    );
    const live = generations.get(projection.liveVersion);
    if (live === undefined) {
      throw new HeraldError(
        'PROJECTIONS.INVALID_STATE',
        `Projection ${name} has no record for its live version ${projection.liveVersion}`,
        { projection: name },
      );
    }
    if (live.definitionVersion > definition.version) {
      await this.refuse(definition, live, generations);
      return;
    }
    this.refused.delete(name);
    const target = await this.buildTarget(definition, projection, live, generations);
    if (live.status === 'rebuilding')
      await this.write([stateWrite(live._id, { status: 'running', updatedAt: this.now() })]);
    const liveDefinition = versions.find((each) => each.version === live.definitionVersion);
    if (liveDefinition !== undefined) {
      this.frozen.delete(name);
      await this.deps.workers.ensure(liveDefinition, live.version, 'live', live.resumes);
    } else if (!this.frozen.has(name)) {
      this.frozen.add(name);
      await this.deps.workers.stop(name, live.version);
      this.deps.log.log(
        `Projection ${name}: v${live.version} (definition ${live.definitionVersion}) keeps serving but not following: register that definition too to keep it current until v${target?.version ?? '?'} takes over`,
      );
    }
    if (target !== null && target.definitionVersion === definition.version) {
      await this.deps.workers.ensure(definition, target.version, 'candidate', target.resumes);
    }
    for (const generation of generations.values()) {
      if (
        generation.version !== live.version &&
        generation.version !== projection.targetVersion &&
        generation.version !== target?.version
      ) {
        await this.retire(generation);
      }
    }
  }

  /** Switches queries to `version`, caught up at `checkpoint`; false when it is no longer the version being built. */
  async swap(definition: ProjectionDefinition, version: number, checkpoint: number): Promise<boolean> {
    const { name } = definition;
    const projection = await this.deps.catalog.projection(name);
    if (projection === null || projection.targetVersion !== version) return false;
    const previous = projection.liveVersion;
    const now = this.now();
    await this.write([
      stateWrite(projectionId(name), { liveVersion: version, targetVersion: null, updatedAt: now }),
      stateWrite(generationId(name, version), { status: 'running', updatedAt: now }),
      stateWrite(generationId(name, previous), { status: 'stopped', retiredAt: now, updatedAt: now }),
      auditWrite({
        _id: this.deps.ids.next(),
        name,
        version,
        action: 'swap',
        actor: RUNNER_ACTOR,
        reason: `version ${version} caught up at position ${checkpoint}`,
        at: now,
        event: null,
        details: { from: previous, to: version, checkpoint },
      }),
    ]);
    this.deps.log.log(
      `Projection ${name}: now serving v${version} (was v${previous}), caught up at position ${checkpoint}`,
    );
    await this.deps.workers.stop(name, previous);
    const retired = await this.deps.catalog.generation(name, previous);
    if (retired !== null) await this.retire(retired);
    return true;
  }

  private async create(definition: ProjectionDefinition): Promise<ProjectionRecord> {
    const now = this.now();
    const generation = newGenerationRecord(
      {
        name: definition.name,
        version: definition.version,
        definitionVersion: definition.version,
        filter: definitionFilter(definition),
        collections: definition.collections,
        status: 'running',
      },
      now,
    );
    // With nothing to be beside, the first version serves at once (its lag shows in status).
    const projection: ProjectionRecord = {
      _id: projectionId(definition.name),
      kind: 'projection',
      name: definition.name,
      liveVersion: definition.version,
      targetVersion: null,
      updatedAt: now,
    };
    await this.write([putRecord(generation), putRecord(projection)]);
    this.deps.log.log(`Projection ${definition.name}: created v${definition.version}`);
    return projection;
  }

  /** The version to build beside the live one: kept, replaced by a newer definition, or started. */
  private async buildTarget(
    definition: ProjectionDefinition,
    projection: ProjectionRecord,
    live: GenerationRecord,
    generations: Map<number, GenerationRecord>,
  ): Promise<GenerationRecord | null> {
    const { name } = definition;
    let target =
      projection.targetVersion === null ? null : (generations.get(projection.targetVersion) ?? null);
    if (
      projection.targetVersion !== null &&
      (target === null || target.definitionVersion < definition.version)
    ) {
      // Superseded by a newer definition mid-build (or its record is gone): start over.
      await this.write([stateWrite(projectionId(name), { targetVersion: null, updatedAt: this.now() })]);
      if (target !== null) {
        this.deps.log.log(
          `Projection ${name}: abandoning v${target.version} (definition ${target.definitionVersion}) for definition ${definition.version}`,
        );
        await this.deps.workers.stop(name, target.version);
        await this.drop(target);
        generations.delete(target.version);
      }
      target = null;
    }
    if (target !== null || definition.version <= live.definitionVersion) return target;
    const version = Math.max(definition.version, Math.max(...generations.keys()) + 1);
    const created = newGenerationRecord(
      {
        name,
        version,
        definitionVersion: definition.version,
        filter: definitionFilter(definition),
        collections: definition.collections,
        status: 'rebuilding',
      },
      this.now(),
    );
    await this.write([
      putRecord(created),
      stateWrite(projectionId(name), { targetVersion: version, updatedAt: created.createdAt }),
    ]);
    generations.set(version, created);
    this.deps.log.log(`Projection ${name}: building v${version} beside live v${live.version}`);
    return created;
  }

  /** Older code than the live version must not write to it: stop this projection here, keep the others. */
  private async refuse(
    definition: ProjectionDefinition,
    live: GenerationRecord,
    generations: Map<number, GenerationRecord>,
  ): Promise<void> {
    for (const version of generations.keys()) await this.deps.workers.stop(definition.name, version);
    if (this.refused.has(definition.name)) return;
    this.refused.add(definition.name);
    const error = new HeraldError(
      'PROJECTIONS.VERSION_REGRESSION',
      `Projection ${definition.name}: this process defines version ${definition.version} but v${live.version} was built by version ${live.definitionVersion}; not running it`,
      { projection: definition.name, defined: definition.version, live: live.definitionVersion },
    );
    this.deps.log.error(error.message);
  }

  /** Marks a version that is neither live nor being built as retired, then drops it after the grace period. */
  private async retire(generation: GenerationRecord): Promise<void> {
    await this.deps.workers.stop(generation.name, generation.version);
    if (generation.retiredAt === null) {
      const now = this.now();
      await this.write([
        stateWrite(generation._id, {
          status: 'stopped' satisfies GenerationStatus,
          retiredAt: now,
          updatedAt: now,
        }),
      ]);
      if (this.deps.retireGraceMs > 0) return;
    } else if (this.deps.clock.now().getTime() - Date.parse(generation.retiredAt) < this.deps.retireGraceMs) {
      return;
    }
    await this.drop(generation);
  }

  private async drop(generation: GenerationRecord): Promise<void> {
    for (const logical of generation.collections) {
      await this.deps.readStore.dropCollection(
        physicalCollection(generation.name, logical, generation.version),
      );
    }
    await this.write([
      {
        collection: PROJECTION_STATE_COLLECTION,
        operation: { deleteOne: { filter: { _id: generation._id } } },
      },
    ]);
    this.deps.log.log(`Projection ${generation.name}: dropped v${generation.version}`);
  }

  private async write(writes: readonly CollectionWrite[]): Promise<void> {
    await this.deps.readStore.writeBatch(writes);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
