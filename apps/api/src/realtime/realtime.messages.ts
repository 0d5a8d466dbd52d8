import { HeraldError } from '@herald/shared-kernel';
import type { JsonValue } from '@herald/coordination';

/** What the relay publishes and subscribers deliver; plain JSON so it crosses Redis unchanged. */
export interface PostStatusMessage {
  readonly kind: 'postStatus';
  readonly organizationId: string;
  readonly postId: string;
  readonly status: string;
  readonly previousStatus: string | null;
  readonly eventType: string;
  readonly eventId: string;
  readonly position: number;
  /** When the store committed the event: clients measure delivery latency against it. */
  readonly occurredAt: string;
}

export interface AgentTaskProgressMessage {
  readonly kind: 'agentTaskProgress';
  readonly organizationId: string;
  readonly taskId: string;
  readonly status: string;
  readonly eventType: string;
  readonly eventId: string;
  readonly stepName: string | null;
  readonly stepSummary: string | null;
  readonly position: number;
  readonly occurredAt: string;
}

export interface NotificationMessage {
  readonly kind: 'notification';
  readonly organizationId: string;
  readonly userId: string;
  readonly notificationId: string;
  readonly notificationKind: string;
  readonly severity: string;
  readonly title: string;
  readonly body: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly url: string | null;
  readonly createdAt: string;
  readonly sequence: number;
}

export type RealtimeMessage = PostStatusMessage | AgentTaskProgressMessage | NotificationMessage;

const PREFIX = 'herald:rt';

/**
 * One channel per organization and topic (per user for notifications): a subscriber only ever
 * listens on its own tenant's channels, so isolation does not rest on a filter remembering it.
 */
export const realtimeChannels = {
  posts: (organizationId: string): string => `${PREFIX}:${organizationId}:posts`,
  agentTasks: (organizationId: string): string => `${PREFIX}:${organizationId}:agentTasks`,
  notifications: (organizationId: string, userId: string): string =>
    `${PREFIX}:${organizationId}:notifications:${userId}`,
};

export function channelOf(message: RealtimeMessage): string {
  switch (message.kind) {
    case 'postStatus':
      return realtimeChannels.posts(message.organizationId);
    case 'agentTaskProgress':
      return realtimeChannels.agentTasks(message.organizationId);
    case 'notification':
      return realtimeChannels.notifications(message.organizationId, message.userId);
  }
}

export function toJson(message: RealtimeMessage): JsonValue {
  return { ...message };
}

const KINDS: readonly RealtimeMessage['kind'][] = ['postStatus', 'agentTaskProgress', 'notification'];

/** Messages come back from Redis as untyped JSON: check the shape before trusting it. */
export function parseRealtimeMessage(value: JsonValue): RealtimeMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('not an object');
  const kind = value.kind;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) throw malformed('kind');
  if (typeof value.organizationId !== 'string') throw malformed('organizationId');
  const required: Record<RealtimeMessage['kind'], readonly string[]> = {
    postStatus: ['postId', 'status', 'eventType', 'eventId', 'occurredAt'],
    agentTaskProgress: ['taskId', 'status', 'eventType', 'eventId', 'occurredAt'],
    notification: ['userId', 'notificationId', 'notificationKind', 'title', 'createdAt'],
  };
  for (const field of required[kind as RealtimeMessage['kind']])
    if (typeof value[field] !== 'string') throw malformed(field);
  return value as unknown as RealtimeMessage;
}

function malformed(field: string): HeraldError {
  return new HeraldError('VALIDATION.FAILED', `A realtime message is malformed (${field}).`, { field });
}
