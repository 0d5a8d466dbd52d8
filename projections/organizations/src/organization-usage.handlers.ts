import type { AgentTaskEvent } from '@herald/agent-tasks';
import type { SocialAccountEvent, SocialPlatform } from '@herald/accounts';
import type { RecordedEvent } from '@herald/event-store';
import type { PostEvent } from '@herald/posts';
import type { ProjectionContext } from '@herald/projections-runtime';
import { domainEventOf, streamEntityId, type EventVersions } from '@herald/projections/support';

/** Logical collections of the usage side: what each plan limit counts, per organization. */
export const USAGE_COLLECTIONS = {
  accounts: 'accounts',
  posts: 'posts',
  tasks: 'tasks',
  usage: 'usage',
} as const;

/** A social account counts against the plan while connected (expired or erroring ones too: they hold a seat). */
export interface UsageAccountDocument {
  _id: string;
  organizationId: string;
  platform: SocialPlatform;
  connected: boolean;
}

/** A post counts against the plan while it waits in the `scheduled` state. */
export interface UsagePostDocument {
  _id: string;
  organizationId: string;
  scheduled: boolean;
}

/** Which organization an agent task spends tokens for (later task events do not repeat it). */
export interface UsageTaskDocument {
  _id: string;
  organizationId: string;
}

/** AI usage of one organization in one UTC month (`_id` `<organizationId>:<YYYY-MM>`). */
export interface MonthlyTokensDocument {
  _id: string;
  organizationId: string;
  month: string;
  tokensIn: number;
  tokensOut: number;
  completedTasks: number;
}

type AccountEvent = Extract<
  SocialAccountEvent,
  { type: 'socialAccount.connected' | 'socialAccount.reconnected' | 'socialAccount.disconnected' }
>;
type ScheduleEvent = Extract<
  PostEvent,
  {
    type:
      | 'post.drafted'
      | 'post.scheduled'
      | 'post.rescheduled'
      | 'post.publishRequested'
      | 'post.nextOccurrenceScheduled'
      | 'post.publishAttemptStarted'
      | 'post.scheduleCancelled'
      | 'post.publishingCompleted'
      | 'post.deleted';
  }
>;
type TaskEvent = Extract<AgentTaskEvent, { type: 'agentTask.requested' | 'agentTask.completed' }>;
type UsageEvent = AccountEvent | ScheduleEvent | TaskEvent;

export const USAGE_VERSIONS: EventVersions<UsageEvent> = {
  'socialAccount.connected': 1,
  'socialAccount.reconnected': 1,
  'socialAccount.disconnected': 1,
  'post.drafted': 1,
  'post.scheduled': 1,
  'post.rescheduled': 1,
  'post.publishRequested': 1,
  'post.nextOccurrenceScheduled': 1,
  'post.publishAttemptStarted': 1,
  'post.scheduleCancelled': 1,
  'post.publishingCompleted': 1,
  'post.deleted': 1,
  'agentTask.requested': 1,
  'agentTask.completed': 1,
};

export const monthlyTokensId = (organizationId: string, month: string): string =>
  `${organizationId}:${month}`;
/** Token budgets are per UTC month of the task's completion (the log's commit instant). */
export const utcMonthOf = (instant: string): string => instant.slice(0, 7);

/**
 * The usage side of the organization read model. Every write is derived from the event alone
 * (a flag set or cleared, a guarded `$inc`), except the task's organization, which never changes
 * once requested: replays converge under the position guard. Nothing personal is copied: no
 * account handle, no credentials, no task input.
 */
export async function applyUsageEvent(event: RecordedEvent, context: ProjectionContext): Promise<boolean> {
  const usage = domainEventOf<UsageEvent>(event, USAGE_VERSIONS);
  if (usage === null) return false;
  const C = USAGE_COLLECTIONS;
  const entity = streamEntityId(event.streamId);
  switch (usage.type) {
    case 'socialAccount.connected':
      context.replace<UsageAccountDocument>(C.accounts, usage.data.accountId, {
        organizationId: usage.data.organizationId,
        platform: usage.data.platform,
        connected: true,
      });
      return true;
    case 'socialAccount.reconnected':
      context.upsert<UsageAccountDocument>(C.accounts, usage.data.accountId, { $set: { connected: true } });
      return true;
    case 'socialAccount.disconnected':
      context.upsert<UsageAccountDocument>(C.accounts, usage.data.accountId, { $set: { connected: false } });
      return true;
    case 'post.drafted':
      context.replace<UsagePostDocument>(C.posts, entity, {
        organizationId: usage.data.organizationId,
        scheduled: false,
      });
      return true;
    case 'post.scheduled':
    case 'post.rescheduled':
    case 'post.publishRequested':
    case 'post.nextOccurrenceScheduled':
      context.upsert<UsagePostDocument>(C.posts, entity, { $set: { scheduled: true } });
      return true;
    case 'post.publishAttemptStarted':
    case 'post.scheduleCancelled':
    case 'post.publishingCompleted':
    case 'post.deleted':
      context.upsert<UsagePostDocument>(C.posts, entity, { $set: { scheduled: false } });
      return true;
    case 'agentTask.requested':
      context.replace<UsageTaskDocument>(C.tasks, usage.data.taskId, {
        organizationId: usage.data.organizationId,
      });
      return true;
    case 'agentTask.completed': {
      const task = await context.get<UsageTaskDocument>(C.tasks, usage.data.taskId);
      if (task === null)
        throw new Error(
          `agentTask.completed at position ${event.globalPosition} for task ${usage.data.taskId}, which was never requested`,
        );
      const month = utcMonthOf(event.occurredAt);
      context.upsert<MonthlyTokensDocument>(C.usage, monthlyTokensId(task.organizationId, month), {
        $setOnInsert: { organizationId: task.organizationId, month },
        $inc: { tokensIn: usage.data.tokensIn, tokensOut: usage.data.tokensOut, completedTasks: 1 },
      });
      return true;
    }
  }
}
