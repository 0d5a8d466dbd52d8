import {
  type AgentTaskApprovalDecided,
  FailAgentTaskCommand,
  RequestAgentTaskApprovalCommand,
} from '@herald/agent-tasks';
import type { AgentRunner, ContentHistoryFeeder, RunOutcome, VectorMemory } from '@herald/agents';
import type { CommandDispatcher } from '@herald/agents';
import { withLease, type LeaseManager } from '@herald/coordination';
import type { EventStore, RecordedEvent } from '@herald/event-store';
import type { HeraldCloudEvent } from '@herald/messaging';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import { isMemberRole } from '@herald/organizations';
import { HeraldError, isHeraldError, type Clock } from '@herald/shared-kernel';

export const AGENT_TASK_EVENT_TYPES = [
  'agentTask.requested',
  'agentTask.cancelled',
  'agentTask.approvalDecided',
] as const;
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
/** Between a run parking and its lease's release the decision may already be here: wait that long. */
const LEASE_WAIT_STEP_MS = 100;

interface RunningTask {
  readonly _id: string;
  readonly organizationId: string;
  readonly startedAt: string | null;
  readonly approval?: { readonly status: string; readonly decidedAt: string | null } | null;
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
    if (recorded.type === 'agentTask.approvalDecided') return this.onApprovalDecided(recorded);
    const taskId = taskIdOf(recorded);
    const lease = await withLease(
      this.options.leases,
      this.leaseOf(taskId),
      this.options.owner,
      { ttlMs: this.options.leaseTtlMs, clock: this.options.clock },
      async () => {
        const outcome = await this.options.runner.handle(recorded);
        if (outcome?.status === 'awaiting_approval') await this.requestApproval(recorded, outcome.proposal);
        return outcome;
      },
    );
    // Another replica runs it: its lease outlives its run, so nothing is left to do here.
    return lease.acquired ? lease.result : null;
  }

  /**
   * Resumes a parked workflow from the decision on its stream, under the task's lease so a run,
   * a sweep and a decision never act on one task at once. The checkpoint is read from the
   * workflow-state file in HERALD_DATA_DIR, which every worker replica must share (the compose
   * file mounts one volume for all of them); a replica that cannot find it fails the task with a
   * reason rather than leaving it running forever.
   */
  private async onApprovalDecided(recorded: RecordedEvent): Promise<RunOutcome | null> {
    const data = recorded.data as AgentTaskApprovalDecided['data'];
    const taskId = taskIdOf(recorded);
    if (!isMemberRole(data.approverRole))
      throw new HeraldError('SAGA.INVALID_EVENT', `${recorded.type} names no member role`, { eventId: recorded.id });
    const approverRole = data.approverRole;
    const apply = async (): Promise<RunOutcome | null> => {
      const { runner } = this.options;
      if (!(await runner.isWaitingForApproval(taskId))) return this.lostCheckpoint(recorded);
      return runner.decide(taskId, {
        approved: data.decision === 'approve',
        approverId: data.decidedBy,
        approverRole,
        at: data.at,
        timeZone: data.timeZone,
        // The comment is personal data of the approver: it stays in its encrypted field, never in a step summary.
        reason: null,
      });
    };
    const deadline = this.options.clock.now().getTime() + this.options.leaseTtlMs;
    for (;;) {
      const lease = await withLease(
        this.options.leases,
        this.leaseOf(taskId),
        this.options.owner,
        { ttlMs: this.options.leaseTtlMs, clock: this.options.clock },
        apply,
      );
      if (lease.acquired) return lease.result;
      if (this.options.clock.now().getTime() >= deadline)
        throw new HeraldError('COORDINATION.UNAVAILABLE', 'The agent task stays leased by another worker.', {
          taskId,
          reason: 'lease held',
        });
      await new Promise((resolve) => setTimeout(resolve, LEASE_WAIT_STEP_MS));
    }
  }

  /** Marks on the task's stream that its run waits for a person, so the API may accept a decision. */
  private async requestApproval(requested: RecordedEvent, proposal: unknown): Promise<void> {
    const taskId = taskIdOf(requested);
    try {
      await this.options.commands.execute(
        new RequestAgentTaskApprovalCommand(taskId, proposal, {
          tenantId: requested.metadata.tenantId,
          actor: { kind: 'agent', id: 'content_workflow' },
          correlationId: requested.metadata.correlationId,
          causationId: requested.id,
          idempotencyKey: `approval-requested:${taskId}`,
        }),
      );
    } catch (error) {
      // Recorded by an earlier delivery of the same request, or cancelled meanwhile.
      if (isHeraldError(error, 'AGENT_TASK.APPROVAL_ALREADY_REQUESTED') || (isHeraldError(error) && FINISHED.has(error.code)))
        return;
      throw error;
    }
  }

  /**
   * The decision is on the stream but no parked workflow is: either an earlier delivery already
   * resumed it (its stream then ends, and failing it is refused as finished), or this worker
   * cannot see the workflow-state file, and the task could never finish.
   */
  private async lostCheckpoint(decided: RecordedEvent): Promise<RunOutcome | null> {
    const taskId = taskIdOf(decided);
    const failed = await this.failTask(
      taskId,
      decided.metadata.tenantId ?? '',
      'AI.APPROVAL_NOT_PENDING: The workflow state was not found; check that workers share HERALD_DATA_DIR.',
      false,
      { kind: 'system', id: 'agents-approval' },
      decided.id,
    );
    if (!failed) return { status: 'skipped', taskId, reason: 'decision already applied' };
    this.options.log.warn(`agent task ${taskId}: approval decided but no workflow state to resume; failed it`);
    return { status: 'failed', taskId, code: 'AI.APPROVAL_NOT_PENDING', message: 'workflow state not found' };
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
    const { runner, clock, leases, owner } = this.options;
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
      // Waiting for a person is not abandonment; a decided one gets its run time from the decision.
      if (task.approval?.status === 'pending' || (await runner.isWaitingForApproval(task._id))) continue;
      const decidedAt = task.approval?.decidedAt ?? null;
      if (decidedAt !== null && decidedAt >= cutoff.toISOString()) continue;
      const outcome = await withLease(leases, this.leaseOf(task._id), owner, { ttlMs: this.options.leaseTtlMs }, () =>
        this.failAbandoned(task),
      );
      if (outcome.acquired && outcome.result) failed.push(task._id);
    }
    if (failed.length > 0) this.options.log.warn(`failed ${failed.length} agent task(s) abandoned by a stopped worker`);
    return failed;
  }

  private failAbandoned(task: RunningTask): Promise<boolean> {
    return this.failTask(
      task._id,
      task.organizationId,
      `AI.TIMEOUT: The worker running this task stopped before it finished.`,
      true,
      { kind: 'system', id: 'agents-sweep' },
      null,
    );
  }

  private async failTask(
    taskId: string,
    organizationId: string,
    reason: string,
    retryable: boolean,
    actor: { kind: 'system'; id: string },
    causationId: string | null,
  ): Promise<boolean> {
    try {
      await this.options.commands.execute(
        new FailAgentTaskCommand(taskId, reason, retryable, null, {
          tenantId: organizationId,
          actor,
          correlationId: taskId,
          causationId,
        }),
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
