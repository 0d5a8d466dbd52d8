import type { RecordedEvent } from '@herald/event-store';
import { type AgentTaskKind, isAgentTaskKind } from '@herald/agent-tasks';
import type { RequestMetadata } from '@herald/commands';

/** An agent task as the runner knows it from its `agentTask.requested` event. */
export interface AgentTask {
  readonly taskId: string;
  readonly organizationId: string;
  readonly kind: AgentTaskKind;
  readonly input: Readonly<Record<string, unknown>>;
  readonly requestedBy: string;
  readonly parentTaskId: string | null;
  readonly correlationId: string;
  /** The event every command of the run is caused by. */
  readonly causationId: string;
}

export function agentTaskFromRequested(event: RecordedEvent): AgentTask | null {
  if (event.type !== 'agentTask.requested') return null;
  const data = event.data as Record<string, unknown>;
  const { taskId, organizationId, kind, input, requestedBy, parentTaskId } = data;
  if (typeof taskId !== 'string' || typeof organizationId !== 'string' || !isAgentTaskKind(kind)) return null;
  return {
    taskId,
    organizationId,
    kind,
    input: typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {},
    requestedBy: typeof requestedBy === 'string' ? requestedBy : '',
    parentTaskId: typeof parentTaskId === 'string' ? parentTaskId : null,
    correlationId: event.metadata.correlationId,
    causationId: event.id,
  };
}

/** Commands of a run act as the agent of the task's kind, in the task's organization and correlation. */
export function agentMetadata(task: AgentTask, actorId: string = task.kind): RequestMetadata {
  return {
    tenantId: task.organizationId,
    actor: { kind: 'agent', id: actorId },
    correlationId: task.correlationId,
    causationId: task.causationId,
  };
}
