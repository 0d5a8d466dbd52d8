import {
  HeraldError,
  systemClock,
  uuidV7Generator,
  type Clock,
  type IdGenerator,
} from '@herald/shared-kernel';
import type { AllFilter, EventStore } from '@herald/event-store';
import type { CollectionWrite, ReadStore } from '@herald/read-store';
import { ProjectionCatalog } from './projection-catalog';
import {
  auditWrite,
  newGenerationRecord,
  PROJECTION_STATE_COLLECTION,
  projectionId,
  putRecord,
  stateWrite,
  type AuditAction,
  type FailureRecord,
  type GenerationRecord,
  type GenerationStatus,
} from './projection-state';

export interface GenerationStatusView {
  readonly version: number;
  readonly definitionVersion: number;
  readonly status: GenerationStatus;
  readonly checkpoint: number;
  readonly head: number;
  /** Positions of `$all` still to read. */
  readonly lagEvents: number;
  /** now − occurredAt of the oldest event the projection handles and has not applied; 0 when none. */
  readonly lagMs: number;
  readonly lastError: FailureRecord | null;
}

export interface ProjectionStatusView extends GenerationStatusView {
  readonly name: string;
  /** The version being built beside the live one, if any. */
  readonly building: GenerationStatusView | null;
}

export interface OperatorAction {
  /** Who acts (user id or `cli:<login>`): kept in the audit trail. */
  readonly actor: string;
  readonly reason?: string;
  /** Which version, when both the live and the building one are failed; defaults to the failed one. */
  readonly version?: number;
}

export interface ProjectionOperationsOptions {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Lets a runner in this process act at once instead of at its next periodic reconcile. */
  readonly onChanged?: () => Promise<void>;
}

/**
 * What the CLI and the admin API offer operators: lag and status, and the way out of a poison
 * event — retry (after fixing the handler) or an explicit, audited skip. Everything goes
 * through the stored state, so it works from another process than the one running the projections.
 */
export class ProjectionOperations {
  private readonly catalog: ProjectionCatalog;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  constructor(private readonly options: ProjectionOperationsOptions) {
    this.catalog = new ProjectionCatalog(options.readStore);
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? uuidV7Generator;
  }

  async status(): Promise<ProjectionStatusView[]> {
    const names = await this.catalog.projectionNames();
    const head = await this.options.eventStore.headPosition();
    return Promise.all(names.map((name) => this.statusAt(name, head)));
  }

  async statusOf(name: string): Promise<ProjectionStatusView> {
    return this.statusAt(name, await this.options.eventStore.headPosition());
  }

  /** Resumes a failed version from the event it failed at (the handler has been fixed). */
  async retry(name: string, action: OperatorAction): Promise<void> {
    const { generation, failure, role } = await this.failedGeneration(name, action);
    const now = this.clock.now().toISOString();
    await this.commit([
      this.audit('retry', generation, action, failure, now, {}),
      this.resume(generation, role, now),
    ]);
  }

  /** Skips the failed event at `position`, recording who skipped it and why; the projection then goes on. */
  async skip(name: string, position: number, action: OperatorAction): Promise<void> {
    if (action.reason === undefined || action.reason.trim() === '') {
      throw new HeraldError(
        'VALIDATION.FAILED',
        'Skipping an event needs a reason (it is kept in the audit trail)',
        { field: 'reason' },
      );
    }
    const { generation, failure, role } = await this.failedGeneration(name, action);
    if (failure.position !== position) {
      throw new HeraldError(
        'PROJECTIONS.SKIP_POSITION_MISMATCH',
        `Projection ${name} v${generation.version} failed at position ${failure.position}, not ${position}`,
        {
          projection: name,
          failedAt: failure.position,
          requested: position,
        },
      );
    }
    const now = this.clock.now().toISOString();
    await this.commit([
      this.audit('skip', generation, action, failure, now, { position }),
      this.resume(generation, role, now, { checkpoint: position }),
    ]);
  }

  /** Builds a fresh copy of the live definition beside the live version; queries switch when it is caught up. */
  async rebuild(name: string, action: OperatorAction): Promise<number> {
    this.assertActor(action);
    const projection = await this.catalog.projection(name);
    if (projection === null)
      throw new HeraldError('PROJECTIONS.NOT_FOUND', `Projection ${name} has not been started`, {
        projection: name,
      });
    if (projection.targetVersion !== null) {
      throw new HeraldError(
        'PROJECTIONS.REBUILD_IN_PROGRESS',
        `Projection ${name} is already building v${projection.targetVersion}`,
        {
          projection: name,
          version: projection.targetVersion,
        },
      );
    }
    const generations = await this.catalog.generations(name);
    const live = generations.find((generation) => generation.version === projection.liveVersion);
    if (live === undefined)
      throw new HeraldError(
        'PROJECTIONS.INVALID_STATE',
        `Projection ${name} has no record for v${projection.liveVersion}`,
        { projection: name },
      );
    const version = Math.max(...generations.map((generation) => generation.version)) + 1;
    const now = this.clock.now().toISOString();
    const created = newGenerationRecord({ ...live, version, status: 'rebuilding' }, now);
    await this.commit([
      putRecord(created),
      stateWrite(projectionId(name), { targetVersion: version, updatedAt: now }),
      this.audit('rebuild', created, action, null, now, { from: live.version }),
    ]);
    return version;
  }

  private async statusAt(name: string, head: number): Promise<ProjectionStatusView> {
    const projection = await this.catalog.projection(name);
    if (projection === null)
      throw new HeraldError('PROJECTIONS.NOT_FOUND', `Projection ${name} has not been started`, {
        projection: name,
      });
    const generations = await this.catalog.generations(name);
    const find = (version: number | null): GenerationRecord | undefined =>
      generations.find((generation) => generation.version === version);
    const live = find(projection.liveVersion);
    if (live === undefined)
      throw new HeraldError(
        'PROJECTIONS.INVALID_STATE',
        `Projection ${name} has no record for v${projection.liveVersion}`,
        { projection: name },
      );
    const building = find(projection.targetVersion);
    return {
      name,
      ...(await this.view(live, head)),
      building: building === undefined ? null : await this.view(building, head),
    };
  }

  private async view(generation: GenerationRecord, head: number): Promise<GenerationStatusView> {
    const { eventTypes, categories } = generation.filter;
    const filter: AllFilter | undefined =
      eventTypes.length === 0 && categories.length === 0 ? undefined : { eventTypes, categories };
    const [oldest] = await this.options.eventStore.readAll({
      afterPosition: generation.checkpoint,
      maxCount: 1,
      filter,
    });
    const lagMs =
      oldest === undefined ? 0 : Math.max(0, this.clock.now().getTime() - Date.parse(oldest.occurredAt));
    return {
      version: generation.version,
      definitionVersion: generation.definitionVersion,
      status: generation.status,
      checkpoint: generation.checkpoint,
      head,
      lagEvents: Math.max(0, head - generation.checkpoint),
      lagMs,
      lastError: generation.lastError,
    };
  }

  private async failedGeneration(
    name: string,
    action: OperatorAction,
  ): Promise<{ generation: GenerationRecord; failure: FailureRecord; role: 'live' | 'candidate' }> {
    this.assertActor(action);
    const projection = await this.catalog.projection(name);
    if (projection === null)
      throw new HeraldError('PROJECTIONS.NOT_FOUND', `Projection ${name} has not been started`, {
        projection: name,
      });
    const generations = await this.catalog.generations(name);
    const candidates = generations.filter(
      (generation) =>
        (generation.version === projection.liveVersion || generation.version === projection.targetVersion) &&
        (action.version === undefined || generation.version === action.version),
    );
    const failed = candidates.filter(
      (generation) => generation.status === 'failed' && generation.lastError !== null,
    );
    const generation = failed.find((each) => each.version === projection.liveVersion) ?? failed[0];
    if (generation === undefined || generation.lastError === null) {
      throw new HeraldError(
        'PROJECTIONS.NOT_FAILED',
        `Projection ${name} has no failed version${action.version === undefined ? '' : ` v${action.version}`}`,
        {
          projection: name,
        },
      );
    }
    return {
      generation,
      failure: generation.lastError,
      role: generation.version === projection.liveVersion ? 'live' : 'candidate',
    };
  }

  /** Guarded on the failure still being the one the operator looked at, so two operators cannot both act on it. */
  private resume(
    generation: GenerationRecord,
    role: 'live' | 'candidate',
    now: string,
    extra: Record<string, number> = {},
  ): CollectionWrite {
    const status: GenerationStatus = role === 'live' ? 'running' : 'rebuilding';
    return {
      collection: PROJECTION_STATE_COLLECTION,
      operation: {
        updateOne: {
          filter: {
            _id: generation._id,
            status: 'failed',
            'lastError.position': generation.lastError?.position ?? null,
          },
          update: { $set: { status, lastError: null, updatedAt: now, ...extra }, $inc: { resumes: 1 } },
        },
      },
    };
  }

  private audit(
    action: AuditAction,
    generation: GenerationRecord,
    operator: OperatorAction,
    failure: FailureRecord | null,
    now: string,
    details: Record<string, number>,
  ): CollectionWrite {
    const event =
      failure === null
        ? null
        : {
            position: failure.position,
            eventId: failure.eventId,
            type: failure.type,
            streamId: failure.streamId,
            occurredAt: failure.occurredAt,
            message: failure.message,
            code: failure.code,
          };
    return auditWrite({
      _id: this.ids.next(),
      name: generation.name,
      version: generation.version,
      action,
      actor: operator.actor,
      reason: operator.reason?.trim() ?? '',
      at: now,
      event,
      details,
    });
  }

  private assertActor(action: OperatorAction): void {
    if (typeof action.actor !== 'string' || action.actor.trim() === '') {
      throw new HeraldError('VALIDATION.FAILED', 'An operator action needs the acting operator (actor)', {
        field: 'actor',
      });
    }
  }

  private async commit(writes: readonly CollectionWrite[]): Promise<void> {
    await this.options.readStore.writeBatch(writes);
    await this.options.onChanged?.();
  }
}
