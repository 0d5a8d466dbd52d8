import { PLATFORM_NAMES, type SocialAccountEvent } from '@herald/accounts';
import type { AgentTaskEvent } from '@herald/agent-tasks';
import type { OrganizationEvent } from '@herald/organizations';
import type { PostEvent } from '@herald/posts';
import { defineProjection, type ProjectionContext } from '@herald/projections-runtime';
import { summarizeResult } from '@herald/projections/agent-tasks';
import {
  domainEventOf,
  excerptOf,
  streamEntityId,
  typesOf,
  type EventVersions,
  type Recorded,
} from '@herald/projections/support';
import {
  memberId,
  NOTIFICATIONS_COLLECTIONS as C,
  NOTIFICATIONS_PROJECTION,
  notificationDocumentId,
  type AccountAlerts,
  type MemberDocument,
  type NotificationDocument,
  type NotificationKind,
  type NotificationSubject,
  type NotifiedAccountDocument,
  type NotifiedPostDocument,
  type NotifiedTaskDocument,
} from './notifications.documents';
import { NOTIFICATION_RULES, recipientsOf } from './notification-rules';

type MemberEvent = Extract<
  OrganizationEvent,
  { type: 'organization.memberAdded' | 'organization.memberRoleChanged' | 'organization.memberRemoved' }
>;
type NotifiedPostEvent = Extract<
  PostEvent,
  { type: 'post.drafted' | 'post.edited' | 'post.publishSucceeded' | 'post.publishFailedFinally' }
>;
type NotifiedAccountEvent = Exclude<SocialAccountEvent, { type: 'socialAccount.rateLimited' }>;
type NotifiedTaskEvent = Extract<
  AgentTaskEvent,
  { type: 'agentTask.requested' | 'agentTask.completed' | 'agentTask.failed' }
>;

const MEMBER_VERSIONS: EventVersions<MemberEvent> = {
  'organization.memberAdded': 1,
  'organization.memberRoleChanged': 1,
  'organization.memberRemoved': 1,
};
const POST_VERSIONS: EventVersions<NotifiedPostEvent> = {
  'post.drafted': 1,
  'post.edited': 1,
  'post.publishSucceeded': 1,
  'post.publishFailedFinally': 1,
};
const ACCOUNT_VERSIONS: EventVersions<NotifiedAccountEvent> = {
  'socialAccount.connected': 1,
  'socialAccount.reconnected': 1,
  'socialAccount.tokensRefreshed': 1,
  'socialAccount.tokenRefreshFailed': 1,
  'socialAccount.errored': 1,
  'socialAccount.expired': 1,
  'socialAccount.healthRestored': 1,
  'socialAccount.disconnected': 1,
};
const TASK_VERSIONS: EventVersions<NotifiedTaskEvent> = {
  'agentTask.requested': 1,
  'agentTask.completed': 1,
  'agentTask.failed': 1,
};

const NO_ALERTS: AccountAlerts = { refreshFailed: false, needsReconnect: false, error: false };

/**
 * In-app notifications, one document per recipient, raised by the events users must hear
 * about. Recipients are decided when the event is projected, from the members the projection
 * knows at that point of the log: someone who joins later does not inherit old notices.
 */
export const notificationsProjection = defineProjection({
  name: NOTIFICATIONS_PROJECTION,
  version: 1,
  eventTypes: [
    ...typesOf(MEMBER_VERSIONS),
    ...typesOf(POST_VERSIONS),
    ...typesOf(ACCOUNT_VERSIONS),
    ...typesOf(TASK_VERSIONS),
  ],
  collections: Object.values(C),
  async setup(indexes) {
    await indexes.createIndex(C.notifications, { fields: { userId: 1, organizationId: 1, sequence: -1 } });
    await indexes.createIndex(C.notifications, { fields: { notificationId: 1 } });
    await indexes.createIndex(C.members, { fields: { organizationId: 1 } });
    await indexes.createIndex(C.accounts, { fields: { organizationId: 1 } });
  },
  async handle(event, context) {
    const member = domainEventOf<MemberEvent>(event, MEMBER_VERSIONS);
    if (member !== null) return applyMember(member, context);
    const post = domainEventOf<NotifiedPostEvent>(event, POST_VERSIONS);
    if (post !== null) return applyPost(post, streamEntityId(event.streamId), context);
    const account = domainEventOf<NotifiedAccountEvent>(event, ACCOUNT_VERSIONS);
    if (account !== null) return applyAccount(account, context);
    const task = domainEventOf<NotifiedTaskEvent>(event, TASK_VERSIONS);
    if (task !== null) return applyTask(task, context);
  },
});

interface Raised {
  readonly kind: NotificationKind;
  readonly organizationId: string;
  /** The author or requester it is about, if any. */
  readonly concerned: string | null;
  readonly title: string;
  readonly body: string;
  readonly subject: NotificationSubject;
  readonly url: string | null;
}

async function raise(
  context: ProjectionContext,
  event: Recorded<{ type: string; schemaVersion: number; data: unknown }>,
  raised: Raised,
): Promise<void> {
  const members = await context.find<MemberDocument>(C.members, { organizationId: raised.organizationId });
  const { concerned, ...content } = raised;
  for (const userId of recipientsOf(raised.kind, members, concerned)) {
    context.replace<NotificationDocument>(
      C.notifications,
      notificationDocumentId(event.envelope.id, userId),
      {
        ...content,
        notificationId: event.envelope.id,
        userId,
        severity: NOTIFICATION_RULES[raised.kind].severity,
        createdAt: event.envelope.occurredAt,
        sequence: context.position,
      },
    );
  }
}

function applyMember(event: Recorded<MemberEvent>, context: ProjectionContext): void {
  const { organizationId, userId } = event.data;
  const id = memberId(organizationId, userId);
  switch (event.type) {
    case 'organization.memberAdded':
      context.replace<MemberDocument>(C.members, id, {
        organizationId,
        userId,
        role: event.data.role,
        active: true,
      });
      return;
    case 'organization.memberRoleChanged':
      context.updateMany<MemberDocument>(C.members, { _id: id }, { $set: { role: event.data.to } });
      return;
    case 'organization.memberRemoved':
      context.updateMany<MemberDocument>(C.members, { _id: id }, { $set: { active: false } });
      return;
  }
}

async function applyPost(
  event: Recorded<NotifiedPostEvent>,
  postId: string,
  context: ProjectionContext,
): Promise<void> {
  switch (event.type) {
    case 'post.drafted':
      context.replace<NotifiedPostDocument>(C.posts, postId, {
        organizationId: event.data.organizationId,
        authorId: event.data.authorId,
        excerpt: excerptOf(event.data.content.text, 80),
      });
      return;
    case 'post.edited':
      context.updateMany<NotifiedPostDocument>(
        C.posts,
        { _id: postId },
        { $set: { excerpt: excerptOf(event.data.content.text, 80) } },
      );
      return;
    case 'post.publishSucceeded':
    case 'post.publishFailedFinally': {
      const post = await context.get<NotifiedPostDocument>(C.posts, postId);
      if (post === null)
        throw new Error(
          `${event.type} at position ${context.position} for post ${postId}, which was never drafted`,
        );
      const account = await context.get<NotifiedAccountDocument>(C.accounts, event.data.accountId);
      const where = `${PLATFORM_NAMES[event.data.platform]}${account === null ? '' : ` (${account.handle})`}`;
      const subject: NotificationSubject = { type: 'post', id: postId };
      if (event.type === 'post.publishSucceeded') {
        await raise(context, event, {
          kind: 'post.published',
          organizationId: post.organizationId,
          concerned: post.authorId,
          title: `Published on ${where}`,
          body: post.excerpt,
          subject,
          url: event.data.url,
        });
      } else {
        await raise(context, event, {
          kind: 'post.failed',
          organizationId: post.organizationId,
          concerned: post.authorId,
          title: `Could not publish on ${where}`,
          body: `“${post.excerpt}”: ${event.data.reason}`,
          subject,
          url: null,
        });
      }
      return;
    }
  }
}

async function applyAccount(
  event: Recorded<NotifiedAccountEvent>,
  context: ProjectionContext,
): Promise<void> {
  const { accountId } = event.data;
  const resetAlerts = (set: Partial<NotifiedAccountDocument>, alerts: AccountAlerts = NO_ALERTS) =>
    context.updateMany<NotifiedAccountDocument>(C.accounts, { _id: accountId }, { $set: { ...set, alerts } });
  switch (event.type) {
    case 'socialAccount.connected': {
      const { organizationId, platform, handle, tokenExpiresAt } = event.data;
      context.replace<NotifiedAccountDocument>(C.accounts, accountId, {
        organizationId,
        platform,
        handle,
        tokenExpiresAt,
        connected: true,
        alerts: NO_ALERTS,
      });
      return;
    }
    case 'socialAccount.reconnected':
      return resetAlerts({
        handle: event.data.handle,
        tokenExpiresAt: event.data.tokenExpiresAt,
        connected: true,
      });
    case 'socialAccount.disconnected':
      return resetAlerts({ connected: false, tokenExpiresAt: null });
    case 'socialAccount.tokensRefreshed': {
      const account = await context.get<NotifiedAccountDocument>(C.accounts, accountId);
      return resetAlerts(
        { tokenExpiresAt: event.data.tokenExpiresAt },
        { ...NO_ALERTS, error: account?.alerts.error ?? false },
      );
    }
    case 'socialAccount.healthRestored': {
      const account = await context.get<NotifiedAccountDocument>(C.accounts, accountId);
      return resetAlerts({}, { ...(account?.alerts ?? NO_ALERTS), error: false });
    }
    case 'socialAccount.tokenRefreshFailed':
      return alert(
        context,
        event,
        event.data.permanent ? 'account.needsReconnect' : 'account.refreshFailed',
        event.data.reason,
      );
    case 'socialAccount.expired':
      return alert(context, event, 'account.needsReconnect', event.data.reason);
    case 'socialAccount.errored':
      return alert(context, event, 'account.error', event.data.message);
  }
}

const ALERT_FLAGS = {
  'account.refreshFailed': 'refreshFailed',
  'account.needsReconnect': 'needsReconnect',
  'account.error': 'error',
} as const;

/** Raises an account alert unless the same trouble was already reported and has not cleared since. */
async function alert(
  context: ProjectionContext,
  event: Recorded<NotifiedAccountEvent>,
  kind: keyof typeof ALERT_FLAGS,
  reason: string,
): Promise<void> {
  const account = await context.get<NotifiedAccountDocument>(C.accounts, event.data.accountId);
  if (account === null)
    throw new Error(
      `${event.type} at position ${context.position} for account ${event.data.accountId}, which was never connected`,
    );
  const flag = ALERT_FLAGS[kind];
  if (account.alerts[flag] || !account.connected) return;
  const where = `${account.handle} on ${PLATFORM_NAMES[account.platform]}`;
  const titles: Record<typeof kind, string> = {
    'account.refreshFailed': `Could not refresh access to ${where}`,
    'account.needsReconnect': `Reconnect ${where}`,
    'account.error': `${where} reports an error`,
  };
  const advice =
    kind === 'account.needsReconnect'
      ? 'Posts to it will fail until it is reconnected.'
      : 'Herald keeps retrying; reconnect the account if this persists.';
  await raise(context, event, {
    kind,
    organizationId: account.organizationId,
    concerned: null,
    title: titles[kind],
    body: `${reason} ${advice}`,
    subject: { type: 'socialAccount', id: account._id },
    url: null,
  });
  // Written after the notifications: a crash between them replays the event, finds the flag
  // still down and raises again, and the position guard keeps the copies already written.
  context.updateMany<NotifiedAccountDocument>(
    C.accounts,
    { _id: account._id },
    { $set: { [`alerts.${flag}`]: true } },
  );
}

const KIND_NAMES: Readonly<Record<NotifiedTaskDocument['kind'], string>> = {
  content_creator: 'Content creator',
  trend_analyzer: 'Trend analyzer',
  engagement_optimizer: 'Engagement optimizer',
  smart_scheduler: 'Smart scheduler',
  performance_tracker: 'Performance tracker',
  competitor_monitor: 'Competitor monitor',
  crisis_manager: 'Crisis manager',
  content_workflow: 'Content workflow',
};

async function applyTask(event: Recorded<NotifiedTaskEvent>, context: ProjectionContext): Promise<void> {
  if (event.type === 'agentTask.requested') {
    const { taskId, organizationId, kind, requestedBy, parentTaskId } = event.data;
    context.replace<NotifiedTaskDocument>(C.tasks, taskId, {
      organizationId,
      kind,
      requestedBy,
      parentTaskId,
    });
    return;
  }
  const task = await context.get<NotifiedTaskDocument>(C.tasks, event.data.taskId);
  if (task === null)
    throw new Error(
      `${event.type} at position ${context.position} for task ${event.data.taskId}, which was never requested`,
    );
  // A workflow's steps report through the workflow: one notice per thing the user asked for.
  if (task.parentTaskId !== null) return;
  const name = KIND_NAMES[task.kind];
  const subject: NotificationSubject = { type: 'agentTask', id: task._id };
  if (event.type === 'agentTask.completed') {
    await raise(context, event, {
      kind: 'agentTask.completed',
      organizationId: task.organizationId,
      concerned: task.requestedBy,
      title: `${name} finished`,
      body: summarizeResult(event.data.result) ?? '',
      subject,
      url: null,
    });
  } else {
    await raise(context, event, {
      kind: 'agentTask.failed',
      organizationId: task.organizationId,
      concerned: task.requestedBy,
      title: `${name} failed`,
      body: event.data.reason,
      subject,
      url: null,
    });
  }
}
