import type { NewEvent, RecordedEvent } from './envelope/envelope';

/**
 * What an append expects of the stream:
 * - `no_stream`: the stream must not exist yet (creating an aggregate);
 * - `exists`: it must have at least one event;
 * - `any`: no check (use sparingly: audit-only streams);
 * - a number: the revision of the stream's last event must be exactly this (0-based).
 * A mismatch fails with `CONCURRENCY.CONFLICT`, details `{ streamId, expected, actual }`
 * where `actual` is the last revision, or `null` when the stream does not exist.
 */
export type ExpectedRevision = 'no_stream' | 'exists' | 'any' | number;

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: pass it as the next expected revision. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of this append (or of the already-stored retry). */
  readonly position: number;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: ReadDirection;
  /** Inclusive; forwards defaults to 0, backwards to the last revision. */
  readonly fromRevision?: number;
  /** Inclusive bound in the read direction. */
  readonly toRevision?: number;
  readonly maxCount?: number;
  /** Only events committed at or before this instant: the stream as it was then. */
  readonly asOf?: Date;
}

export interface AllFilter {
  /** Stream categories (`post`, `socialAccount`): the part of the stream id before the first dash. */
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events with a greater global position. 0 (default) reads from the beginning. */
  readonly afterPosition?: number;
  readonly maxCount?: number;
  readonly filter?: AllFilter;
}

export interface SubscribeToAllOptions {
  /**
   * Names the subscriber in the checkpoint store. When given and `afterPosition` is not, the
   * subscription starts after the stored checkpoint and stores a new one after each handled
   * event. Subscribers that store checkpoints themselves (projections, in the same write as
   * their read model) pass `afterPosition` and no `subscriberId`.
   */
  readonly subscriberId?: string;
  readonly afterPosition?: number;
  readonly filter?: AllFilter;
  /** Events are handled one at a time, in global order; the next waits for this promise. */
  readonly onEvent: (event: RecordedEvent) => Promise<void>;
  /** Called once when the subscription switches from catching up to live. */
  readonly onCaughtUp?: () => void;
  /**
   * A handler error stops the subscription (it is never skipped) and is reported here.
   * Connection errors are not: the subscription resubscribes with backoff from the last
   * handled position and reports each drop to `onDropped`.
   */
  readonly onError?: (error: unknown) => void;
  readonly onDropped?: (error: unknown, retryInMs: number) => void;
}

export interface Subscription {
  /** Position of the last event handled. */
  readonly position: number;
  stop(): Promise<void>;
}

export interface VerifyResult {
  readonly streamId: string;
  readonly ok: boolean;
  readonly eventsChecked: number;
  /** First revision whose hash or prevHash does not match, when `ok` is false. */
  readonly brokenAtRevision?: number;
  readonly reason?: string;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in `$all` (0 when empty). */
  headPosition(): Promise<number>;
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  /** Recomputes the stream's hash chain; detects edited, removed or reordered events. */
  verify(streamId: string): Promise<VerifyResult>;
  readonly checkpoints: CheckpointStore;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

/** One checkpoint per subscriber: the global position of the last event it has fully handled. */
export interface CheckpointStore {
  load(subscriberId: string): Promise<number | null>;
  save(subscriberId: string, position: number): Promise<void>;
}
