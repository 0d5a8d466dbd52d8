import { FailAgentTaskCommand } from '@herald/agent-tasks';
import type { AgentRunner, ContentHistoryFeeder, RunOutcome, VectorMemory } from '@herald/agents';
import type { CommandDispatcher } from '@herald/agents';
import { withLease, type LeaseManager } from '@herald/coordination';
import type { EventStore, RecordedEvent } from '@herald/event-store';
import type { HeraldCloudEvent } from '@herald/messaging';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import { HeraldError, isHeraldError, type Clock } from '@herald/shared-kernel';

export const AGENT_TASK_EVENT_TYPES = ['agentTask.requested', 'agentTask.cancelled'] as const;
export const CONTENT_HISTORY_EVENT_TYPES = ['post.publishSucceeded', 'post.metricsRecorded', 'post.deleted'] as const;
export const ERASURE_EVENT_TYPES = ['user.erased'] as const;

export interface AgentsWorkerOptions {
  readonly runner: AgentRunner;
  readonly feeder: ContentHistoryFeeder;
  readonly memory: VectorMemory;
  readonly store: Pick<EventStore, 'readStream'>;
  readonly catalog: ProjectionCatalog;
  readonly commands: CommandDispatcher;
  readonly leases: LeaseManager;
  readonly clock: Clock;
  /** This replica, as lease holder. */
  readonly owner: string;
  readonly leasePrefix: string;
  readonly leaseTtlMs: number;
  /** A started task this much past its run timeout is taken as abandoned by a dead worker. */
  readonly staleGraceMs: number;
  readonly log: { log(message: string): void; warn(message: string): void };
}

const FINISHED = new Set(['AGENT_TASK.ALREADY_FINISHED', 'AGENT_TASK.NOT_RUNNING']);

interface RunningTask {
  readonly _id: string;
  readonly organizationId: string;
  readonly startedAt: string | null;
}

/**
 * The agents' side of the worker: runs each requested task under a lease on the task (two
 * replicas never run one task, and the agent-tasks decider refuses a second start anyway), keeps
 * the content-history memory in step with publications, forgets an erased person's memories, and
 * fails tasks a crashed worker left running.
 */
export class AgentsWorker {
  constructor(private readonly options: AgentsWorkerOptions) {}

  async onAgentTaskEvent(event: HeraldCloudEvent): Promise<RunOutcome | null> {
    const recorded = await this.recorded(event);
    if (recorded.type === 'agentTask.cancelled') return this.options.runner.handle(recorded);
    const taskId = taskIdOf(recorded);
    const { leases, owner, leaseTtlMs } = this.options;
    const lease = await withLease(
      leases,
      this.leaseOf(taskId),
      owner,
      { ttlMs: leaseTtlMs, clock: this.options.clock },
      () => this.options.runner.handle(recorded),
    );
    // Another replica runs it: its lease outlives its run, so nothing is left to do here.
    return lease.acquired ? lease.result : null;
  }

  async onPostEvent(event: HeraldCloudEvent): Promise<void> {
    await this.options.feeder.handle(await this.recorded(event));
  }

  async onUserErased(event: HeraldCloudEvent): Promise<number> {
    const userId = (event.data as { userId?: unknown } | null)?.userId;
    if (typeof userId !== 'string' || userId === '')
      throw new HeraldError('SAGA.INVALID_EVENT', 'user.erased carries no userId', { eventId: event.id });
    const forgotten = await this.options.memory.forgetSubject(userId);
    this.options.log.log(`erasure: forgot ${forgotten} agent memories of a data subject`);
    return forgotten;
  }

  /**
   * Fails tasks still `running` well past the run timeout. A task waiting for an approval is
   * running by design and stays; one whose lease is held is still alive on another replica.
   * Returns the ids it failed.
   */
  async sweepAbandoned(): Promise<string[]> {
    const { runner, clock, leases, owner, commands } = this.options;
    const cutoff = new Date(clock.now().getTime() - runner.limits.timeoutMs - this.options.staleGraceMs);
    let tasks: RunningTask[];
    try {
      const collection = await this.options.catalog.open<RunningTask & { status: string }>('agentTasks', 'tasks');
      tasks = await collection.find({ status: 'running', startedAt: { $lt: cutoff.toISOString() } });
    } catch (error) {
      if (isHeraldError(error, 'PROJECTIONS.NOT_READY')) return [];
      throw error;
    }
    const failed: string[] = [];
    for (const task of tasks) {
      if (await runner.isWaitingForApproval(task._id)) continue;
      const outcome = await withLease(leases, this.leaseOf(task._id), owner, { ttlMs: this.options.leaseTtlMs }, () =>
        this.failAbandoned(task, commands),
      );
      if (outcome.acquired && outcome.result) failed.push(task._id);
    }
    if (failed.length > 0) this.options.log.warn(`failed ${failed.length} agent task(s) abandoned by a stopped worker`);
    return failed;
  }

  private async failAbandoned(task: RunningTask, commands: CommandDispatcher): Promise<boolean> {
    try {
      await commands.execute(
        new FailAgentTaskCommand(
          task._id,
          `AI.TIMEOUT: The worker running this task stopped before it finished.`,
          true,
          null,
          {
            tenantId: task.organizationId,
            actor: { kind: 'system', id: 'agents-sweep' },
            correlationId: task._id,
            causationId: null,
          },
        ),
      );
      return true;
    } catch (error) {
      // Finished between the read and the command: the read model lagged, nothing to fix.
      if (isHeraldError(error) && FINISHED.has(error.code)) return false;
      throw error;
    }
  }

  private leaseOf(taskId: string): string {
    return `${this.options.leasePrefix}agent-task:${taskId}`;
  }

  /**
   * The event as the store holds it: the runner and the feeder take recorded events, and the
   * store gives personal fields back decrypted, which the relayed copy does not.
   */
  private async recorded(event: HeraldCloudEvent): Promise<RecordedEvent> {
    const found = (await this.options.store.readStream(event.subject)).find((candidate) => candidate.id === event.id);
    if (found === undefined)
      throw new HeraldError('SAGA.INVALID_EVENT', `event ${event.id} is not in stream ${event.subject}`, {
        eventId: event.id,
      });
    return found;
  }
}

function taskIdOf(event: RecordedEvent): string {
  const taskId = (event.data as { taskId?: unknown }).taskId;
  if (typeof taskId !== 'string')
    throw new HeraldError('SAGA.INVALID_EVENT', `${event.type} carries no taskId`, { eventId: event.id });
  return taskId;
}
