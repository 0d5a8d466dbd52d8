import type { OutgoingMessage } from '../message-bus.port';

export interface StoredMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One partition: an append-only array whose index is the offset. */
export class PartitionLog {
  private readonly messages: StoredMessage[] = [];
  private readonly waiters = new Set<() => void>();

  get length(): number {
    return this.messages.length;
  }

  at(offset: number): StoredMessage | undefined {
    return this.messages[offset];
  }

  append(message: OutgoingMessage): void {
    // Copies: a caller mutating its object afterwards must not rewrite history.
    this.messages.push({ key: message.key, value: message.value, headers: { ...message.headers } });
    const waiters = [...this.waiters];
    this.waiters.clear();
    waiters.forEach((wake) => wake());
  }

  /** Resolves once a message exists at `offset`, or when `signal` aborts. */
  waitFor(offset: number, signal: AbortSignal): Promise<void> {
    if (offset < this.messages.length || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}

export class TopicLog {
  readonly partitions: readonly PartitionLog[];

  constructor(partitionCount: number) {
    this.partitions = Array.from({ length: partitionCount }, () => new PartitionLog());
  }

  /** FNV-1a of the key: stable across processes and releases, so a key keeps its partition. */
  partitionFor(key: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i += 1) {
      hash ^= key.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0) % this.partitions.length;
  }
}

/** Resolves after `ms` or as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
