import type { AgentRunner, ApprovalDecision, RunOutcome } from '@herald/agents';
import { HeraldError } from '@herald/shared-kernel';

/**
 * Delivers a person's approval decision to a content workflow waiting at its approval step.
 *
 * In-process only: the workflow's checkpoint lives with the runner of the worker that ran it,
 * and @herald/agent-tasks has no command that records a decision on the task's stream for a
 * worker in another process to pick up. Embedded mode (api and worker in one process) injects
 * this from AgentsWorkerModule; a separate API process cannot reach it (see the worker's report).
 */
export class AgentApprovals {
  constructor(private readonly runner: AgentRunner) {}

  async decide(taskId: string, decision: ApprovalDecision): Promise<RunOutcome> {
    if (!(await this.runner.isWaitingForApproval(taskId)))
      throw new HeraldError('AGENT_TASK.NOT_RUNNING', 'This task is not waiting for an approval here.', { taskId });
    return this.runner.decide(taskId, decision);
  }
}
