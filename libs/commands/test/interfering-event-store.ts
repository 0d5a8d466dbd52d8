import type { AppendOptions, AppendResult, EventStore, NewEvent } from '@herald/event-store';

/**
 * Delegates to a real store, but lets a test run a competing writer right before the next
 * `times` appends: the deterministic way to land between a command's read and its append.
 */
export class InterferingEventStore implements EventStore {
  appendCalls: { streamId: string; options: AppendOptions; events: readonly NewEvent[] }[] = [];
  private remaining = 0;
  private interference: (streamId: string) => Promise<void> = async () => undefined;

  constructor(private readonly inner: EventStore) {}

  interfere(times: number, competingWrite: (streamId: string) => Promise<void>): void {
    this.remaining = times;
    this.interference = competingWrite;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.appendCalls.push({ streamId, options, events });
    if (this.remaining > 0) {
      this.remaining -= 1;
      await this.interference(streamId);
    }
    return this.inner.append(streamId, events, options);
  }

  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  subscribeToAll: EventStore['subscribeToAll'] = (options) => this.inner.subscribeToAll(options);
  verify: EventStore['verify'] = (streamId) => this.inner.verify(streamId);
  get checkpoints(): EventStore['checkpoints'] {
    return this.inner.checkpoints;
  }
  close: EventStore['close'] = () => this.inner.close();
}
