import { HeraldError } from '@herald/shared-kernel';

/** A position in EventStoreDB's transaction log (`$all`). */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface LogEntry {
  readonly position: LogPosition;
  /** Set for Herald events (they count in the gap-free order); undefined for anything else in `$all`. */
  readonly event?: { readonly id: string; readonly streamName: string; readonly revision: number };
}

/** Where a recently appended event id is stored. */
export interface IndexedEvent {
  readonly streamName: string;
  readonly revision: number;
  readonly globalPosition: number;
}

/** Reads `$all` forwards: up to `maxCount` entries strictly after `after` (null: from the start). */
export type LogPageReader = (after: LogPosition | null, maxCount: number) => Promise<readonly LogEntry[]>;

export const comparePositions = (a: LogPosition, b: LogPosition): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

const INITIAL_CAPACITY = 1024;

/**
 * Maps EventStoreDB log positions to Herald's 1-based, gap-free global positions.
 *
 * Why: ESDB's commit/prepare positions are byte offsets in its transaction log. They are
 * ordered but have gaps (every event's size, plus system events), while our envelope promises
 * `globalPosition` = n for the n-th Herald event of `$all`. That ordinal is a pure function of
 * the log: `$all` is totally ordered and append-only, reads always see a prefix of it, and we
 * never delete or truncate Herald streams (erasure is crypto-shredding), so every process
 * counting the same prefix derives the same ordinals, with no coordination and no extra write
 * on the append path. Checkpoints and other system streams are excluded from the count, so
 * scavenging them cannot shift an ordinal.
 *
 * The index also remembers where the most recent event ids are stored (a bounded window), so
 * an append can tell a retry or an id reused in another stream from a new event: ESDB has no
 * lookup by event id, and its own deduplication only covers the stream being written.
 *
 * Cost: the index holds both positions of every Herald event (16 bytes each: 16 MB per million
 * events) and a process builds it by scanning `$all` once, lazily, on first use; afterwards only
 * the tail is read. Operators must not delete, truncate (`$tb`) or `$maxAge`/`$maxCount` Herald
 * streams: scavenged events would renumber every later position.
 */
export class GlobalPositionIndex {
  private commits = new BigInt64Array(INITIAL_CAPACITY);
  private prepares = new BigInt64Array(INITIAL_CAPACITY);
  private count = 0;
  /** Last log entry scanned, counted or not: the next scan starts after it. */
  private scannedThrough: LogPosition | null = null;
  private refreshing: Promise<void> | null = null;
  private readonly recentIds = new Map<string, IndexedEvent>();

  constructor(
    private readonly readPage: LogPageReader,
    private readonly pageSize = 1000,
    private readonly recentIdWindow = 100_000,
  ) {}

  /** Location of an event id among the last `recentIdWindow` Herald events scanned; call `refresh` first. */
  locate(eventId: string): IndexedEvent | undefined {
    return this.recentIds.get(eventId);
  }

  /** Number of Herald events in the log as of now (= global position of the last one). */
  async head(): Promise<number> {
    await this.refresh();
    return this.count;
  }

  /** Log position of the last Herald event, or null when there is none. */
  async headPosition(): Promise<LogPosition | null> {
    await this.refresh();
    return this.count === 0 ? null : this.positionAt(this.count);
  }

  /** Global position of the Herald event at this log position. */
  async ordinalOf(position: LogPosition): Promise<number> {
    await this.scanUntil(
      () => this.scannedThrough !== null && comparePositions(position, this.scannedThrough) <= 0,
    );
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = comparePositions(this.positionAt(middle + 1), position);
      if (order === 0) return middle + 1;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    throw new HeraldError(
      'INTERNAL',
      `no Herald event at log position ${position.commit}/${position.prepare}`,
      {
        commit: position.commit.toString(),
        prepare: position.prepare.toString(),
      },
    );
  }

  /** Log position of the event at this global position; null when the log has no such event (yet). */
  async positionOf(globalPosition: number): Promise<LogPosition | null> {
    if (!Number.isInteger(globalPosition) || globalPosition < 1) {
      throw new HeraldError('VALIDATION.FAILED', 'a global position is an integer >= 1', {
        field: 'position',
        position: globalPosition,
      });
    }
    await this.scanUntil(() => globalPosition <= this.count);
    return globalPosition > this.count ? null : this.positionAt(globalPosition);
  }

  /** Reads the log's tail; concurrent callers share one scan. */
  refresh(): Promise<void> {
    this.refreshing ??= this.scan().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /**
   * A scan already in flight may have started before the event the caller knows of was
   * committed; joining it is not enough, so a second, fresh scan follows when needed.
   */
  private async scanUntil(covered: () => boolean): Promise<void> {
    for (let scans = 0; scans < 2 && !covered(); scans += 1) await this.refresh();
  }

  private async scan(): Promise<void> {
    for (;;) {
      const page = await this.readPage(this.scannedThrough, this.pageSize);
      for (const entry of page) {
        if (this.scannedThrough !== null && comparePositions(entry.position, this.scannedThrough) <= 0) {
          throw new HeraldError('INTERNAL', 'the $all page reader returned an entry out of order', {});
        }
        if (entry.event !== undefined) {
          this.push(entry.position);
          this.remember(entry.event.id, {
            streamName: entry.event.streamName,
            revision: entry.event.revision,
            globalPosition: this.count,
          });
        }
        this.scannedThrough = entry.position;
      }
      if (page.length < this.pageSize) return;
    }
  }

  private remember(eventId: string, location: IndexedEvent): void {
    // Map keeps insertion order: the first key is the oldest.
    if (!this.recentIds.has(eventId) && this.recentIds.size >= this.recentIdWindow) {
      const oldest = this.recentIds.keys().next();
      if (oldest.done !== true) this.recentIds.delete(oldest.value);
    }
    if (!this.recentIds.has(eventId)) this.recentIds.set(eventId, location);
  }

  private positionAt(ordinal: number): LogPosition {
    return { commit: this.commits[ordinal - 1], prepare: this.prepares[ordinal - 1] };
  }

  private push(position: LogPosition): void {
    if (this.count === this.commits.length) {
      const commits = new BigInt64Array(this.commits.length * 2);
      const prepares = new BigInt64Array(this.prepares.length * 2);
      commits.set(this.commits);
      prepares.set(this.prepares);
      this.commits = commits;
      this.prepares = prepares;
    }
    this.commits[this.count] = position.commit;
    this.prepares[this.count] = position.prepare;
    this.count += 1;
  }
}
