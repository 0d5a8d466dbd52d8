import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type NewEvent, type RecordedEvent } from '@herald/event-store';
import {
  CLOCK,
  type Clock,
  type CommandContext,
  type DomainEvent,
  HeraldError,
  ID_GENERATOR,
  type IdGenerator,
  isHeraldError,
} from '@herald/shared-kernel';
import type { HeraldCommand } from '../herald-command';
import { deterministicEventId, deterministicIdGenerator } from '../idempotency/deterministic-ids';
import { commandFingerprint } from '../idempotency/fingerprint';
import {
  IDEMPOTENCY_STORE,
  type IdempotencyScope,
  type IdempotencyStore,
} from '../idempotency/idempotency-store.port';
import type { RequestMetadata } from '../request-metadata';
import type { AggregateCommandSpec, CommandOutcome } from './aggregate-command';
import {
  COMMAND_PIPELINE_OPTIONS,
  type CommandPipelineOptions,
  DEFAULT_COMMAND_PIPELINE_OPTIONS,
} from './command-pipeline.options';

const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** How one execution names things: fresh ids normally, reproducible ones under an idempotency key. */
interface Naming {
  readonly ids: IdGenerator;
  readonly eventId: (index: number) => string;
  /** Under a key, a previous attempt may already have appended this execution's events. */
  readonly recoverable: boolean;
}

/** Tracks whether an error leaves the outcome unknown (the append may have been stored). */
interface Progress {
  appendInDoubt: boolean;
}

/**
 * Runs a command against one aggregate: load, fold, decide, append with the exact expected
 * revision, retry on conflict, and honour idempotency keys. See the library's index for usage.
 */
@Injectable()
export class CommandPipeline {
  private readonly options: CommandPipelineOptions;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Optional() @Inject(COMMAND_PIPELINE_OPTIONS) options?: Partial<CommandPipelineOptions>,
  ) {
    this.options = { ...DEFAULT_COMMAND_PIPELINE_OPTIONS, ...options };
    if (!Number.isInteger(this.options.maxAttempts) || this.options.maxAttempts < 1) {
      throw new RangeError('maxAttempts must be a positive integer');
    }
  }

  async execute<DomainCommand, Event extends DomainEvent, State, Result>(
    command: HeraldCommand<Result>,
    spec: AggregateCommandSpec<DomainCommand, Event, State, Result>,
  ): Promise<Result> {
    const key = command.metadata.idempotencyKey;
    const progress: Progress = { appendInDoubt: false };
    if (key === undefined) {
      const naming: Naming = { ids: this.ids, eventId: () => this.ids.next(), recoverable: false };
      return this.run(command.metadata, spec, naming, progress);
    }

    const scope = this.scopeOf(command, key);
    const fingerprint = commandFingerprint(command);
    const record = await this.idempotency.begin(scope, fingerprint, this.clock.now());
    if (record.fingerprint !== fingerprint) {
      throw new HeraldError(
        'COMMAND.IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was already used for a different request; send a new key for a new request.',
        { commandType: command.commandType },
      );
    }
    if (record.status === 'completed') return record.result as Result;

    const naming: Naming = {
      ids: deterministicIdGenerator(scope, record.startedAt),
      eventId: (index) => deterministicEventId(scope, record.startedAt, index),
      recoverable: true,
    };
    try {
      const result = await this.run(command.metadata, spec, naming, progress);
      // The replayed answer comes back from JSON; give the first caller the same shape.
      const stored: unknown = JSON.parse(JSON.stringify(result ?? null));
      await this.idempotency.complete(scope, stored);
      return stored as Result;
    } catch (error) {
      // A definite rejection frees the key for a corrected request; an unknown outcome keeps it
      // pending so the retry recovers the events instead of appending them twice.
      if (!progress.appendInDoubt) await this.idempotency.release(scope);
      throw error;
    }
  }

  private async run<DomainCommand, Event extends DomainEvent, State, Result>(
    metadata: RequestMetadata,
    spec: AggregateCommandSpec<DomainCommand, Event, State, Result>,
    naming: Naming,
    progress: Progress,
  ): Promise<Result> {
    const prepared = spec.prepare(naming.ids);
    const { streamId } = prepared;
    const eventTenantId = prepared.tenantId !== undefined ? prepared.tenantId : metadata.tenantId;
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(streamId);
      this.guardTenant(recorded, metadata, streamId);

      if (naming.recoverable) {
        const recovered = this.recover(spec, streamId, recorded, naming);
        if (recovered) return spec.result(recovered);
      }

      const history = recorded.map((event) => toDomainEvent<Event>(event));
      const state = history.reduce((s, e) => spec.decider.evolve(s, e), spec.decider.initialState);
      const revision = recorded.length > 0 ? recorded[recorded.length - 1].revision : null;
      const context: CommandContext = {
        now: this.clock.now(),
        actor: metadata.actor,
        tenantId: metadata.tenantId,
      };
      const events = spec.decider.decide(prepared.command(context), state);
      if (events.length === 0) return spec.result({ streamId, state, events, revision });

      const newEvents = events.map((event, index) =>
        toNewEvent(event, naming.eventId(index), metadata, eventTenantId, spec.subjectIds?.(event) ?? []),
      );
      try {
        progress.appendInDoubt = true;
        const appended = await this.store.append(streamId, newEvents, {
          expectedRevision: revision ?? 'no_stream',
        });
        const after = events.reduce((s, e) => spec.decider.evolve(s, e), state);
        return spec.result({ streamId, state: after, events, revision: appended.nextExpectedRevision });
      } catch (error) {
        if (isHeraldError(error)) progress.appendInDoubt = false;
        if (!isHeraldError(error, 'CONCURRENCY.CONFLICT')) throw error;
        if (attempt >= this.options.maxAttempts) {
          throw new HeraldError(
            'CONCURRENCY.CONFLICT',
            `The resource kept changing while this command ran (${attempt} attempts); reload it and try again.`,
            { ...error.details, streamId, attempts: attempt },
            { cause: error },
          );
        }
      }
    }
  }

  /** Finds this execution's events already in the stream: a previous attempt appended them, then died. */
  private recover<DomainCommand, Event extends DomainEvent, State, Result>(
    spec: AggregateCommandSpec<DomainCommand, Event, State, Result>,
    streamId: string,
    recorded: readonly RecordedEvent[],
    naming: Naming,
  ): CommandOutcome<State, Event> | null {
    const first = recorded.findIndex((event) => event.id === naming.eventId(0));
    if (first < 0) return null;
    let end = first;
    while (end < recorded.length && recorded[end].id === naming.eventId(end - first)) end++;
    const upToOurs = recorded.slice(0, end).map((event) => toDomainEvent<Event>(event));
    return {
      streamId,
      state: upToOurs.reduce((s, e) => spec.decider.evolve(s, e), spec.decider.initialState),
      events: upToOurs.slice(first),
      revision: recorded[end - 1].revision,
    };
  }

  /**
   * Streams are addressed by id alone; without this check a member of one organization could
   * act on another's aggregate by guessing its id. The two cases are not told apart (NOT_FOUND).
   */
  private guardTenant(recorded: readonly RecordedEvent[], metadata: RequestMetadata, streamId: string): void {
    if (recorded.length === 0) return;
    const owner = recorded[0].metadata.tenantId;
    if (owner === null || owner === metadata.tenantId) return;
    if (metadata.tenantId === null && metadata.actor.kind === 'system') return;
    throw new HeraldError('NOT_FOUND', 'This resource does not exist in your organization.', { streamId });
  }

  private scopeOf(command: HeraldCommand<unknown>, key: string): IdempotencyScope {
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new HeraldError(
        'VALIDATION.FAILED',
        `An idempotency key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long.`,
        { field: 'idempotencyKey' },
      );
    }
    const { tenantId, actor } = command.metadata;
    // Outside a tenant (registration, creating an organization) the actor is the only scope left.
    return { tenantId: tenantId ?? `actor:${actor.kind}:${actor.id}`, commandType: command.commandType, key };
  }
}

/** Stored events back into the shape the decider's `evolve` knows; the store has already upcast them. */
function toDomainEvent<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  // The stream holds only its aggregate's events, written by this same decider.
  return {
    type: recorded.type,
    schemaVersion: recorded.schemaVersion,
    data: recorded.data,
    ...(recorded.personalFields.length > 0 ? { personalFields: recorded.personalFields } : {}),
  } as Event;
}

function toNewEvent(
  event: DomainEvent,
  id: string,
  metadata: RequestMetadata,
  tenantId: string | null,
  extraSubjects: readonly string[],
): NewEvent {
  const personalFields = event.personalFields ?? [];
  const subjectIds = [
    ...new Set([
      ...personalFields.map((field) => field.subjectId),
      ...extraSubjects,
      ...(metadata.subjectIds ?? []),
    ]),
  ];
  return {
    id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: {
      tenantId,
      actor: { kind: metadata.actor.kind, id: metadata.actor.id },
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      ...(metadata.requestId !== undefined ? { requestId: metadata.requestId } : {}),
      ...(metadata.ip !== undefined ? { ip: metadata.ip } : {}),
      ...(metadata.userAgent !== undefined ? { userAgent: metadata.userAgent } : {}),
      subjectIds,
    },
    ...(personalFields.length > 0 ? { personalFields } : {}),
  };
}
