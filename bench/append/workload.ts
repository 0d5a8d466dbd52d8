import { uuidV7Generator } from '@herald/shared-kernel';
import { summarizeLatencies, type LatencySummary } from './latency';

/** The metadata every contender stores, shaped like Herald's envelope input. */
export interface BenchMetadata {
  readonly tenantId: string;
  readonly actor: { readonly kind: 'user'; readonly id: string };
  readonly correlationId: string;
  readonly causationId: string;
  readonly subjectIds: readonly string[];
}

export interface BenchEvent {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: BenchMetadata;
}

/**
 * One system under test, opened on a fresh file. `append` resolves only once the event is
 * durable (what a caller awaits before answering its client). `lastRevision` is the 0-based
 * revision of the stream's last event, or null for a stream that does not exist yet: each
 * contender maps it to its own expected-version convention, so every append is checked.
 */
export interface AppendTarget {
  append(event: BenchEvent, lastRevision: number | null): Promise<void>;
  close(): Promise<void>;
}

export const DATA_JSON_BYTES = 300;
const TEXT_SEED = 'Spring launch: new colours, same quiet fit. Link in bio. #spring #launch ';

/** Same payload shape and size for every contender; only the ids change from event to event. */
export function makeEvent(streamId: string, tenantId: string): BenchEvent {
  const actorId = uuidV7Generator.next();
  const base = {
    postId: streamId.slice('post-'.length),
    accountIds: [uuidV7Generator.next()],
    scheduledAt: '2025-03-01T09:30:00.000Z',
    text: '',
  };
  const room = DATA_JSON_BYTES - JSON.stringify(base).length;
  const text = TEXT_SEED.repeat(Math.ceil(room / TEXT_SEED.length) + 1).slice(0, Math.max(0, room));
  return {
    id: uuidV7Generator.next(),
    streamId,
    type: 'post.scheduled',
    data: { ...base, text },
    metadata: {
      tenantId,
      actor: { kind: 'user', id: actorId },
      correlationId: uuidV7Generator.next(),
      causationId: uuidV7Generator.next(),
      subjectIds: [actorId],
    },
  };
}

/**
 * Streams dealt round-robin to writers: writer `w` owns streams `w, w + writers, …` and cycles
 * through them, so no two writers ever touch one stream and each knows its exact expected
 * revision without reading. With many streams most appends create a stream or extend a short one,
 * as in a multi-tenant app where each request touches one aggregate.
 */
export class StreamPlan {
  readonly streamIds: readonly string[];
  private readonly lastRevision: Int32Array;
  private readonly cursors: Int32Array;

  constructor(
    streamCount: number,
    readonly writers: number,
    readonly tenantId: string = uuidV7Generator.next(),
  ) {
    if (streamCount < writers)
      throw new Error(`need at least one stream per writer (${streamCount} streams, ${writers} writers)`);
    this.streamIds = Array.from({ length: streamCount }, () => `post-${uuidV7Generator.next()}`);
    this.lastRevision = new Int32Array(streamCount).fill(-1);
    this.cursors = Int32Array.from({ length: writers }, (_, writer) => writer);
  }

  /** The writer's next stream and its current last revision (null: the append creates it). */
  next(writer: number): { streamIndex: number; streamId: string; lastRevision: number | null } {
    const streamIndex = this.cursors[writer];
    const following = streamIndex + this.writers;
    this.cursors[writer] = following < this.streamIds.length ? following : writer;
    const last = this.lastRevision[streamIndex];
    return { streamIndex, streamId: this.streamIds[streamIndex], lastRevision: last < 0 ? null : last };
  }

  appended(streamIndex: number): void {
    this.lastRevision[streamIndex] += 1;
  }
}

export interface PlannedAppend {
  readonly event: BenchEvent;
  readonly lastRevision: number | null;
}

/** Each writer's appends, in order. */
export type Workload = ReadonlyArray<readonly PlannedAppend[]>;

/**
 * Every event is built before the clock starts, so neither throughput nor latency pays for
 * the harness (ids, payloads): the contenders are timed on storing events, nothing else.
 */
export function planWorkload(streamCount: number, writers: number, appendsPerWriter: number): Workload {
  const plan = new StreamPlan(streamCount, writers);
  const workload = Array.from({ length: writers }, (): PlannedAppend[] => []);
  for (let k = 0; k < appendsPerWriter; k += 1) {
    for (let writer = 0; writer < writers; writer += 1) {
      const { streamIndex, streamId, lastRevision } = plan.next(writer);
      workload[writer].push({ event: makeEvent(streamId, plan.tenantId), lastRevision });
      plan.appended(streamIndex);
    }
  }
  return workload;
}

export interface RunMeasurement {
  readonly appends: number;
  readonly seconds: number;
  readonly appendsPerSecond: number;
  readonly latency: LatencySummary;
}

/**
 * One concurrent loop per writer, each awaiting one single-event append before starting the
 * next. Latency is from the call to the resolved promise; throughput is all appends over the
 * wall time from the first call to the last resolution.
 */
export async function runWriters(target: AppendTarget, workload: Workload): Promise<RunMeasurement> {
  const offsets = workload.map((_, writer) =>
    workload.slice(0, writer).reduce((sum, appends) => sum + appends.length, 0),
  );
  const latenciesMs = new Float64Array(workload.reduce((sum, appends) => sum + appends.length, 0));
  const writer = async (index: number): Promise<void> => {
    const appends = workload[index];
    for (let k = 0; k < appends.length; k += 1) {
      const { event, lastRevision } = appends[k];
      const started = process.hrtime.bigint();
      await target.append(event, lastRevision);
      latenciesMs[offsets[index] + k] = Number(process.hrtime.bigint() - started) / 1e6;
    }
  };
  const started = process.hrtime.bigint();
  // Let every writer finish before failing, so nothing still appends while the target closes.
  const settled = await Promise.allSettled(workload.map((_, index) => writer(index)));
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const appends = latenciesMs.length;
  return { appends, seconds, appendsPerSecond: appends / seconds, latency: summarizeLatencies(latenciesMs) };
}
