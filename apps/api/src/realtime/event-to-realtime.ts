import type { EventStore, RecordedEvent } from '@herald/event-store';
import { postDecider, type PostEvent, type PostState } from '@herald/posts';
import type { AgentTaskProgressMessage, PostStatusMessage } from './realtime.messages';

/** Agent task events and the status each leaves the task in; feedback is not progress. */
const TASK_STATUS_AFTER: Readonly<Record<string, string>> = {
  'agentTask.requested': 'requested',
  'agentTask.started': 'running',
  'agentTask.stepRecorded': 'running',
  'agentTask.toolCallRecorded': 'running',
  'agentTask.completed': 'completed',
  'agentTask.failed': 'failed',
  'agentTask.cancelled': 'cancelled',
};

const streamIdOf = (category: string, streamId: string): string | null =>
  streamId.startsWith(`${category}-`) ? streamId.slice(category.length + 1) : null;

export function agentTaskProgressOf(event: RecordedEvent): AgentTaskProgressMessage | null {
  const taskId = streamIdOf('agentTask', event.streamId);
  const status = TASK_STATUS_AFTER[event.type];
  const organizationId = event.metadata.tenantId;
  if (taskId === null || status === undefined || organizationId === null) return null;
  const data =
    typeof event.data === 'object' && event.data !== null ? (event.data as Record<string, unknown>) : {};
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const isStep = event.type === 'agentTask.stepRecorded';
  return {
    kind: 'agentTaskProgress',
    organizationId,
    taskId,
    status,
    eventType: event.type,
    eventId: event.id,
    stepName: isStep ? text(data.name) : null,
    stepSummary: isStep ? text(data.summary) : null,
    position: event.globalPosition,
    occurredAt: event.occurredAt,
  };
}

interface Folded {
  readonly revision: number;
  readonly state: PostState;
}

/**
 * A post's status is a fold of its stream (publishing one target of three leaves it
 * `publishing`), so the tracker keeps the last folded state of recently active posts and reads
 * the stream only for a post it has not seen (or has fallen behind on). Bounded, least recently
 * used first out.
 */
export class PostStatusTracker {
  private readonly folded = new Map<string, Folded>();

  constructor(
    private readonly eventStore: Pick<EventStore, 'readStream'>,
    private readonly capacity = 10_000,
  ) {}

  async messageFor(event: RecordedEvent): Promise<PostStatusMessage | null> {
    const postId = streamIdOf('post', event.streamId);
    const organizationId = event.metadata.tenantId;
    if (postId === null || organizationId === null) return null;
    const before = await this.stateBefore(event);
    const after = postDecider.evolve(before, event as unknown as PostEvent);
    this.remember(event.streamId, { revision: event.revision, state: after });
    if (after.status === before.status) return null;
    return {
      kind: 'postStatus',
      organizationId,
      postId,
      status: after.status,
      previousStatus: before.status === 'none' ? null : before.status,
      eventType: event.type,
      eventId: event.id,
      position: event.globalPosition,
      occurredAt: event.occurredAt,
    };
  }

  private async stateBefore(event: RecordedEvent): Promise<PostState> {
    const known = this.folded.get(event.streamId);
    if (known !== undefined && known.revision === event.revision - 1) return known.state;
    if (event.revision === 0) return postDecider.initialState;
    const history = await this.eventStore.readStream(event.streamId, { toRevision: event.revision - 1 });
    return history.reduce<PostState>(
      (state, recorded) => postDecider.evolve(state, recorded as unknown as PostEvent),
      postDecider.initialState,
    );
  }

  private remember(streamId: string, folded: Folded): void {
    this.folded.delete(streamId);
    this.folded.set(streamId, folded);
    if (this.folded.size > this.capacity) {
      const oldest = this.folded.keys().next();
      if (oldest.done !== true) this.folded.delete(oldest.value);
    }
  }
}
