import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventData,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import type { EventStoreDbClientPort } from '../eventstoredb-event-store';

/** What the client hands out for a JSON event read from `$all` or a stream. */
interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly isJson: true;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position: Position;
}

interface LiveSubscription {
  readonly readable: Readable;
  readonly filter?: Filter;
  after: Position | null;
}

interface StreamReadOptions {
  readonly direction?: string;
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly maxCount?: number | bigint;
}

interface AllReadOptions {
  readonly fromPosition?: Position | 'start' | 'end';
  readonly maxCount?: number | bigint;
}

const before = (a: Position, b: Position): boolean =>
  a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

/**
 * An in-memory stand-in for an EventStoreDB node, speaking the client API subset the adapter
 * uses, for specs on machines without a server. It reproduces the behaviours the adapter
 * depends on: byte-offset log positions with gaps, system events interleaved in `$all`,
 * expected-revision checks with ESDB's idempotent re-append of identical ids, inclusive
 * `readAll` / exclusive `subscribeToAll` start positions, `$maxCount`, stream-not-found on
 * read, and subscriptions that can be dropped. The real-server run of the contract suite
 * remains the reference (eventstoredb-event-store.spec.ts).
 */
export class EsdbProtocolDouble {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly maxCounts = new Map<string, number>();
  private readonly live = new Set<LiveSubscription>();
  private commit = 1000n;

  /** Breaks every open subscription as a lost connection would. */
  dropSubscriptions(): void {
    for (const subscription of [...this.live]) {
      this.live.delete(subscription);
      subscription.readable.destroy(new UnavailableError(undefined, 'connection lost'));
    }
  }

  get openSubscriptions(): number {
    return this.live.size;
  }

  readonly client: EventStoreDbClientPort = {
    appendToStream: (async (
      streamName: string,
      input: EventData | EventData[],
      options?: { expectedRevision?: AppendExpectedRevision },
    ) => {
      await Promise.resolve();
      const events = Array.isArray(input) ? input : [input];
      const stream = this.streams.get(streamName) ?? [];
      const current = stream.length === 0 ? null : stream[stream.length - 1].revision;
      const expected = options?.expectedRevision ?? ANY;
      const wrong = () =>
        new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? NO_STREAM });
      if (typeof expected === 'bigint' || expected === NO_STREAM) {
        const from = expected === NO_STREAM ? 0 : Number(expected) + 1;
        const already = stream.slice(from, from + events.length);
        // ESDB answers an identical re-append at the same expected revision with success.
        if (
          already.length === events.length &&
          already.every((record, index) => record.id === events[index].id)
        ) {
          return {
            success: true,
            nextExpectedRevision: already[already.length - 1].revision,
            position: already[already.length - 1].position,
          };
        }
        if ((current === null ? -1n : current) !== (expected === NO_STREAM ? -1n : expected)) throw wrong();
      }
      if (expected === STREAM_EXISTS && current === null) throw wrong();
      let last: StoredRecord | undefined;
      for (const event of events)
        last = this.write(streamName, event.id, event.type, event.data, event.metadata);
      this.systemNoise();
      const final = last as StoredRecord;
      return { success: true, nextExpectedRevision: final.revision, position: final.position };
    }) as EventStoreDbClientPort['appendToStream'],

    readStream: ((streamName: string, options: StreamReadOptions = {}) =>
      Readable.from(
        this.readStreamRecords(streamName, options),
      )) as unknown as EventStoreDbClientPort['readStream'],

    readAll: ((options: AllReadOptions = {}) =>
      Readable.from(this.readAllRecords(options))) as unknown as EventStoreDbClientPort['readAll'],

    subscribeToAll: ((options: { fromPosition?: Position | 'start'; filter?: Filter } = {}) => {
      const from = options.fromPosition;
      const readable = new Readable({ objectMode: true, read: () => undefined });
      const subscription: LiveSubscription = {
        readable,
        filter: options.filter,
        after: typeof from === 'object' ? from : null,
      };
      Object.assign(readable, {
        unsubscribe: async () => {
          this.live.delete(subscription);
          readable.push(null);
        },
      });
      this.live.add(subscription);
      queueMicrotask(() => this.feed(subscription));
      return readable;
    }) as unknown as EventStoreDbClientPort['subscribeToAll'],

    setStreamMetadata: (async (streamName: string, metadata: { maxCount?: number }) => {
      if (metadata.maxCount !== undefined) this.maxCounts.set(streamName, metadata.maxCount);
      const record = this.write(`$$${streamName}`, randomUUID(), '$metadata', metadata, undefined);
      return { success: true, nextExpectedRevision: record.revision, position: record.position };
    }) as EventStoreDbClientPort['setStreamMetadata'],

    dispose: async () => {
      for (const subscription of this.live) subscription.readable.push(null);
      this.live.clear();
    },
  };

  private async *readStreamRecords(streamName: string, options: StreamReadOptions) {
    await Promise.resolve();
    const all = this.streams.get(streamName);
    if (all === undefined || all.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const cap = this.maxCounts.get(streamName);
    const visible = cap === undefined ? all : all.slice(-cap);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    let records = backwards ? [...visible].reverse() : visible;
    if (typeof from === 'bigint')
      records = records.filter((record) => (backwards ? record.revision <= from : record.revision >= from));
    const limit = options.maxCount === undefined ? Number.MAX_SAFE_INTEGER : Number(options.maxCount);
    for (const record of records.slice(0, limit)) yield { event: this.copy(record) };
  }

  /** `fromPosition` is inclusive, as on the server. */
  private async *readAllRecords(options: AllReadOptions) {
    await Promise.resolve();
    const from = options.fromPosition;
    const records =
      typeof from === 'object' ? this.log.filter((record) => !before(record.position, from)) : this.log;
    const limit = options.maxCount === undefined ? Number.MAX_SAFE_INTEGER : Number(options.maxCount);
    for (const record of records.slice(0, limit))
      yield { event: this.copy(record), commitPosition: record.position.commit };
  }

  private write(
    streamName: string,
    id: string,
    type: string,
    data: unknown,
    metadata: unknown,
  ): StoredRecord {
    const stream = this.streams.get(streamName) ?? [];
    const body = JSON.stringify(data ?? null);
    // Positions are byte offsets: they grow by the record's size, never by one.
    this.commit += BigInt(64 + body.length);
    const record: StoredRecord = {
      streamId: streamName,
      id,
      type,
      revision: BigInt(stream.length),
      isJson: true,
      created: new Date(),
      data: JSON.parse(body) as unknown,
      metadata: metadata === undefined ? undefined : (JSON.parse(JSON.stringify(metadata)) as unknown),
      position: { commit: this.commit, prepare: this.commit },
    };
    stream.push(record);
    this.streams.set(streamName, stream);
    this.log.push(record);
    for (const subscription of this.live) this.feed(subscription);
    return record;
  }

  /** ESDB writes its own events into `$all` (stats, epochs); they must never count as ours. */
  private systemNoise(): void {
    if (this.log.length % 3 === 0)
      this.write('$stats-127.0.0.1:2113', randomUUID(), '$statsCollected', { cpu: 1 }, undefined);
  }

  private feed(subscription: LiveSubscription): void {
    if (!this.live.has(subscription)) return;
    for (const record of this.log) {
      if (subscription.after !== null && !before(subscription.after, record.position)) continue;
      subscription.after = record.position;
      if (passes(subscription.filter, record))
        subscription.readable.push({ event: this.copy(record), commitPosition: record.position.commit });
    }
  }

  private copy(record: StoredRecord): StoredRecord {
    const clone = (value: unknown): unknown =>
      value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
    return { ...record, data: clone(record.data), metadata: clone(record.metadata) };
  }
}

function passes(filter: Filter | undefined, record: StoredRecord): boolean {
  if (filter === undefined) return true;
  const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
  return 'prefixes' in filter
    ? filter.prefixes.some((prefix) => subject.startsWith(prefix))
    : new RegExp(filter.regex).test(subject);
}
