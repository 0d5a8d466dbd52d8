import {
  EventStoreDBClient,
  NO_STREAM,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
} from '@eventstore/db-client';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import { streamCategory, type NewEvent, type RecordedEvent } from '../envelope/envelope';
import type {
  AllFilter,
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
  Subscription,
  VerifyResult,
} from '../event-store.port';
import type { PersonalDataProtector } from '../crypto/personal-data-cipher.port';
import type { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { concurrencyConflict, satisfiesExpectedRevision, validateAppend } from '../core/append-validation';
import type { ResubscribeBackoff } from '../core/all-subscription';
import { verifyChain } from '../core/hash-chain-verifier';
import { resolveRetry, type StoredEventLocation } from '../core/idempotent-retry';
import { toRecordedEvents, type ReadPipeline } from '../core/read-pipeline';
import type { TransientReadFaults } from '../core/read-faults';
import { validateReadAll, validateReadStream } from '../core/read-validation';
import type { StoredEvent } from '../core/stored-event';
import { EventStoreDbCheckpointStore } from './eventstoredb-checkpoint-store';
import { EventStoreDbSubscription } from './eventstoredb-subscription';
import { prepareEvents, sealForEsdb, type StreamHead } from './esdb-event-sealing';
import { EsdbStreamNames, fromEsdbCurrentRevision, fromEsdbEvent, mapEsdbError } from './esdb-mapping';
import { positionOf, readAllPage, readStreamAll, readStreamRaw } from './esdb-reads';
import { GlobalPositionIndex, type LogPosition } from './global-position-index';

export type EventStoreDbClientPort = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'setStreamMetadata' | 'dispose'
>;

export interface EventStoreDbEventStoreOptions {
  readonly client: EventStoreDbClientPort;
  /** Dispose the client on close (true when the store created it from a connection string). */
  readonly ownsClient?: boolean;
  /** Isolates this Herald's streams and global order from others on the same cluster (see EsdbStreamNames). */
  readonly namespace?: string;
  readonly clock?: Clock;
  readonly protector?: PersonalDataProtector;
  readonly upcasters?: UpcasterRegistry;
  readonly resubscribeBackoff?: ResubscribeBackoff;
  /** Appends with `any`/`exists` re-read the head and retry on a race this many times in all. */
  readonly maxAppendAttempts?: number;
  /** Test hook: makes subscriptions fail as a dropped connection would. */
  readonly readFaults?: TransientReadFaults;
}

const PAGE_SIZE = 1000;

/**
 * The production event store on EventStoreDB / KurrentDB. ESDB provides the per-stream
 * optimistic concurrency and durability; this adapter adds what the port promises on top:
 * the per-stream hash chain (the head is read and the append made at exactly that revision,
 * so two writers can never fork the chain), idempotency by event id across streams, and the
 * gap-free global order (global-position-index.ts explains the mapping).
 */
export class EventStoreDbEventStore implements EventStore {
  readonly checkpoints: CheckpointStore;
  private readonly names: EsdbStreamNames;
  private readonly index: GlobalPositionIndex;
  private readonly pipeline: ReadPipeline;
  private readonly clock: Clock;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private readonly appending = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    this.names = new EsdbStreamNames(options.namespace);
    this.clock = options.clock ?? systemClock;
    this.pipeline = { protector: options.protector, upcasters: options.upcasters };
    this.checkpoints = new EventStoreDbCheckpointStore(options.client, this.names);
    this.index = new GlobalPositionIndex(async (after, maxCount) =>
      (await readAllPage(options.client, after, maxCount)).map((event) => ({
        position: event.position,
        event: this.names.isHeraldEvent(event.streamId, event.type)
          ? { id: event.id, streamName: event.streamId, revision: Number(event.revision) }
          : undefined,
      })),
    );
  }

  /** `esdb://host:2113?tls=false` (EVENTSTORE_CONNECTION_STRING). */
  static connect(
    connectionString: string,
    options: Omit<EventStoreDbEventStoreOptions, 'client' | 'ownsClient'> = {},
  ): EventStoreDbEventStore {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new HeraldError(
        'CONFIG.INVALID',
        `EVENTSTORE_CONNECTION_STRING is not a valid EventStoreDB connection string: ${error instanceof Error ? error.message : String(error)}`,
        {
          variable: 'EVENTSTORE_CONNECTION_STRING',
        },
      );
    }
    return new EventStoreDbEventStore({ ...options, client, ownsClient: true });
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    validateAppend(streamId, events, options);
    const prepared = await prepareEvents(events, this.options.protector);
    // Appends to one stream from this process take turns: they would only race each other for
    // the head, and bounded retries are then left for writers in other processes.
    const previous = this.appending.get(streamId) ?? Promise.resolve();
    const turn = previous.then(() => this.appendNow(streamId, prepared, options.expectedRevision));
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.appending.set(streamId, settled);
    void settled.then(() => {
      if (this.appending.get(streamId) === settled) this.appending.delete(streamId);
    });
    return turn;
  }

  private async appendNow(
    streamId: string,
    prepared: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    const streamName = this.names.toEsdb(streamId);
    const maxAttempts = this.options.maxAppendAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      const head = await this.readHead(streamName);
      await this.index.refresh();
      const retry = resolveRetry(
        streamId,
        prepared.map((event) => event.id),
        await this.locate(streamName, prepared, expected, head),
      );
      if (retry !== null) return retry;
      const actual = head?.revision ?? null;
      if (!satisfiesExpectedRevision(expected, actual)) throw concurrencyConflict(streamId, expected, actual);
      try {
        const result = await this.options.client.appendToStream(
          streamName,
          sealForEsdb(streamId, prepared, head, this.clock.now()),
          {
            expectedRevision: head === null ? NO_STREAM : BigInt(head.revision),
          },
        );
        const last = Number(result.nextExpectedRevision);
        return {
          nextExpectedRevision: last,
          position: await this.globalPositionOfRevision(streamName, last),
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError))
          throw mapEsdbError(error, 'append', { streamId, expected });
        // Another writer got in between our head read and the append. The next pass re-reads:
        // an exact expectation then fails with the real actual revision (or finds our retry),
        // `any`/`exists` append after the new head.
        if (attempt >= maxAttempts)
          throw concurrencyConflict(streamId, expected, fromEsdbCurrentRevision(error.actualVersion));
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateReadStream(options);
    const direction = options.direction ?? 'forwards';
    const asOf = options.asOf?.toISOString();
    const beyond = (revision: number): boolean =>
      options.toRevision !== undefined &&
      (direction === 'forwards' ? revision > options.toRevision : revision < options.toRevision);
    const stored: StoredEvent[] = [];
    await readStreamRaw(
      this.options.client,
      this.names.toEsdb(streamId),
      { direction, fromRevision: options.fromRevision },
      async (raw) => {
        if (beyond(Number(raw.revision))) return false;
        const event = fromEsdbEvent(raw, this.names, await this.index.ordinalOf(positionOf(raw)));
        // occurredAt never decreases within a stream (see seal), so forwards the first later event ends the read.
        if (asOf !== undefined && event.occurredAt > asOf) return direction === 'backwards';
        stored.push(event);
        return options.maxCount === undefined || stored.length < options.maxCount;
      },
    );
    return toRecordedEvents(stored, this.pipeline);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateReadAll(options);
    const after = options.afterPosition ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    let cursor: LogPosition | null = after === 0 ? null : await this.index.positionOf(after);
    if (after > 0 && cursor === null) return [];
    let ordinal = after;
    const stored: StoredEvent[] = [];
    while (stored.length < maxCount) {
      const page = await readAllPage(this.options.client, cursor, PAGE_SIZE);
      for (const event of page) {
        cursor = event.position;
        if (!this.names.isHeraldEvent(event.streamId, event.type)) continue;
        ordinal += 1;
        if (this.matches(options.filter, event)) stored.push(fromEsdbEvent(event, this.names, ordinal));
        if (stored.length >= maxCount) break;
      }
      if (page.length < PAGE_SIZE) break;
    }
    return toRecordedEvents(stored, this.pipeline);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.index.head();
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const subscription = new EventStoreDbSubscription(
      {
        client: this.options.client,
        names: this.names,
        index: this.index,
        checkpoints: this.checkpoints,
        backoff: this.options.resubscribeBackoff ?? { initialMs: 100, maxMs: 30_000 },
        readFaults: this.options.readFaults,
        matches: (filter, event) => this.matches(filter, event),
        toRecorded: async (event, globalPosition) =>
          (await toRecordedEvents([fromEsdbEvent(event, this.names, globalPosition)], this.pipeline))[0],
      },
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.finished.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /** ESDB cannot drop a stream's tail without deleting the stream, so the last stored event is the head the chain must reach. */
  async verify(streamId: string): Promise<VerifyResult> {
    this.assertOpen();
    const stored: StoredEvent[] = [];
    for (const raw of await readStreamAll(this.options.client, this.names.toEsdb(streamId), {
      direction: 'forwards',
    })) {
      try {
        stored.push(fromEsdbEvent(raw, this.names, 0));
      } catch (error) {
        return {
          streamId,
          ok: false,
          eventsChecked: stored.length,
          brokenAtRevision: Number(raw.revision),
          reason: error instanceof Error ? error.message : String(error),
        };
      }
    }
    const last = stored[stored.length - 1];
    return verifyChain(
      streamId,
      stored,
      last === undefined ? null : { lastRevision: last.revision, lastHash: last.metadata.hash },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.options.ownsClient === true) await this.options.client.dispose();
  }

  private async readHead(streamName: string): Promise<StreamHead | null> {
    const [raw] = await readStreamAll(this.options.client, streamName, {
      direction: 'backwards',
      maxCount: 1,
    });
    if (raw === undefined) return null;
    const event = fromEsdbEvent(raw, this.names, 0);
    return { revision: event.revision, hash: event.metadata.hash, occurredAt: event.occurredAt };
  }

  /**
   * Where the append's event ids are already stored: the index's recent-id window (any stream),
   * plus, for an exact expectation that no longer holds, the revisions the caller expected to
   * write, which catches retries older than the window.
   */
  private async locate(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    head: StreamHead | null,
  ): Promise<(StoredEventLocation | undefined)[]> {
    const toLocation = (found: {
      streamName: string;
      revision: number;
      globalPosition: number;
    }): StoredEventLocation => ({
      streamId: this.names.fromEsdb(found.streamName),
      revision: found.revision,
      position: found.globalPosition,
    });
    const locations = events.map((event) => {
      const found = this.index.locate(event.id);
      return found === undefined ? undefined : toLocation(found);
    });
    const exact = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : null;
    if (
      locations.some((location) => location !== undefined) ||
      exact === null ||
      head === null ||
      head.revision < exact
    )
      return locations;
    const ids = new Map(events.map((event, index) => [event.id, index]));
    for (const raw of await readStreamAll(this.options.client, streamName, {
      direction: 'forwards',
      fromRevision: exact,
      maxCount: events.length,
    })) {
      const index = ids.get(raw.id);
      if (index !== undefined) {
        locations[index] = toLocation({
          streamName,
          revision: Number(raw.revision),
          globalPosition: await this.index.ordinalOf(positionOf(raw)),
        });
      }
    }
    return locations;
  }

  private async globalPositionOfRevision(streamName: string, revision: number): Promise<number> {
    const [raw] = await readStreamAll(this.options.client, streamName, {
      direction: 'forwards',
      fromRevision: revision,
      maxCount: 1,
    });
    if (raw === undefined)
      throw new HeraldError(
        'INTERNAL',
        `stream ${streamName} lacks revision ${revision} right after appending it`,
        { revision },
      );
    return this.index.ordinalOf(positionOf(raw));
  }

  private matches(filter: AllFilter | undefined, event: AllStreamRecordedEvent): boolean {
    if (
      filter?.eventTypes !== undefined &&
      filter.eventTypes.length > 0 &&
      !filter.eventTypes.includes(event.type)
    )
      return false;
    const categories = filter?.categories;
    return (
      categories === undefined ||
      categories.length === 0 ||
      categories.includes(streamCategory(this.names.fromEsdb(event.streamId)))
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new HeraldError('EVENT_STORE.CLOSED', 'the event store is closed');
  }
}
