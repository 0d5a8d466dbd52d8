import type { ConsumeOptions, ConsumerHandle, OutgoingMessage, RetryPolicy } from '../message-bus.port';
import { deliver } from '../delivery';
import { abortableSleep, type TopicLog } from './partition-log';

/** What a group needs from the bus it lives in. */
export interface GroupHost {
  topic(name: string): TopicLog;
  publishDeadLetter(topic: string, message: OutgoingMessage): Promise<void>;
  now(): Date;
}

const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** Handles one partition for one member until revoked, committing after each delivery. */
class PartitionWorker {
  private readonly abort = new AbortController();
  readonly done: Promise<void>;

  constructor(
    private readonly group: InProcessConsumerGroup,
    private readonly member: GroupMember,
    readonly topic: string,
    readonly partition: number,
  ) {
    this.done = this.run();
  }

  revoke(): Promise<void> {
    this.abort.abort();
    return this.done;
  }

  private async run(): Promise<void> {
    const log = this.group.host.topic(this.topic).partitions[this.partition];
    const { signal } = this.abort;
    const { options, policy } = this.member;
    let next = this.group.position(
      this.topic,
      this.partition,
      options.fromBeginning === false ? log.length : 0,
    );
    while (!signal.aborted) {
      const stored = log.at(next);
      if (stored === undefined) {
        await log.waitFor(next, signal);
        continue;
      }
      try {
        const outcome = await deliver(
          {
            topic: this.topic,
            partition: this.partition,
            offset: String(next),
            key: stored.key,
            value: stored.value,
            headers: stored.headers,
          },
          {
            groupId: options.groupId,
            policy,
            handler: options.handler,
            isActive: () => !signal.aborted,
            sleep: (ms) => abortableSleep(ms, signal),
            publishDeadLetter: (topic, message) => this.group.host.publishDeadLetter(topic, message),
            now: () => this.group.host.now(),
            onDeadLettered: options.onDeadLettered,
            onError: options.onError,
          },
        );
        if (outcome === 'aborted') return;
      } catch (error) {
        // The dead-letter write failed: the message stays uncommitted and is tried again.
        options.onError?.(error);
        await abortableSleep(policy.maxBackoffMs, signal);
        continue;
      }
      next += 1;
      this.group.commit(this.topic, this.partition, next);
    }
  }
}

export class GroupMember implements ConsumerHandle {
  private workers: PartitionWorker[] = [];
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly group: InProcessConsumerGroup,
    readonly options: ConsumeOptions,
    readonly policy: RetryPolicy,
    private readonly onStopped: (member: GroupMember) => void,
  ) {}

  get groupId(): string {
    return this.options.groupId;
  }

  assignment(): Readonly<Record<string, readonly number[]>> {
    const result: Record<string, number[]> = {};
    for (const worker of this.workers) (result[worker.topic] ??= []).push(worker.partition);
    return result;
  }

  stop(): Promise<void> {
    this.stopping ??= this.group.leave(this).finally(() => this.onStopped(this));
    return this.stopping;
  }

  async revokeAll(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.revoke()));
  }

  assign(partitions: readonly { topic: string; partition: number }[]): void {
    this.workers = partitions.map(
      ({ topic, partition }) => new PartitionWorker(this.group, this, topic, partition),
    );
  }
}

/**
 * A consumer group inside one process: committed offsets per partition, and members that
 * share the partitions of their topics. Every join or leave is a rebalance: all members
 * finish the message in hand and stop, partitions are dealt out again, work resumes from the
 * committed offsets, so a partition never has two owners at once.
 */
export class InProcessConsumerGroup {
  private readonly committed = new Map<string, number>();
  private members: GroupMember[] = [];
  private rebalances: Promise<void> = Promise.resolve();

  constructor(
    readonly groupId: string,
    readonly host: GroupHost,
  ) {}

  /** The next offset to deliver; a partition the group never committed starts at `initial`. */
  position(topic: string, partition: number, initial: number): number {
    const key = partitionKey(topic, partition);
    const committed = this.committed.get(key);
    if (committed !== undefined) return committed;
    this.committed.set(key, initial);
    return initial;
  }

  commit(topic: string, partition: number, nextOffset: number): void {
    this.committed.set(partitionKey(topic, partition), nextOffset);
  }

  join(member: GroupMember): Promise<void> {
    this.members = [...this.members, member];
    return this.rebalance();
  }

  leave(member: GroupMember): Promise<void> {
    this.members = this.members.filter((candidate) => candidate !== member);
    return this.rebalance(member);
  }

  get size(): number {
    return this.members.length;
  }

  private rebalance(leaving?: GroupMember): Promise<void> {
    const run = async () => {
      await Promise.all([...this.members, ...(leaving ? [leaving] : [])].map((member) => member.revokeAll()));
      const shares = new Map<GroupMember, { topic: string; partition: number }[]>(
        this.members.map((member) => [member, []]),
      );
      const topics = [...new Set(this.members.flatMap((member) => member.options.topics))].sort();
      for (const topic of topics) {
        const subscribers = this.members.filter((member) => member.options.topics.includes(topic));
        this.host.topic(topic).partitions.forEach((_, partition) => {
          shares.get(subscribers[partition % subscribers.length])?.push({ topic, partition });
        });
      }
      shares.forEach((partitions, member) => member.assign(partitions));
    };
    this.rebalances = this.rebalances.then(run, run);
    return this.rebalances;
  }
}
