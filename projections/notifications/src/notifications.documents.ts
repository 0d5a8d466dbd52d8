import type { SocialPlatform } from '@herald/accounts';
import type { AgentTaskKind } from '@herald/agent-tasks';
import type { MemberRole } from '@herald/organizations';

export const NOTIFICATIONS_PROJECTION = 'notifications';

export const NOTIFICATIONS_COLLECTIONS = {
  notifications: 'notifications',
  members: 'members',
  posts: 'posts',
  accounts: 'accounts',
  tasks: 'tasks',
} as const;

/**
 * Read marks are written by the API (mark read / mark all read), not derived from the log, so
 * they live outside the projection's versioned collections and survive its rebuilds. They
 * reference notifications by `notificationId` (the id of the event that raised it) and by
 * `sequence` (its global position): both are the same in every rebuild of the same log.
 */
export const NOTIFICATION_READS_COLLECTION = 'notification_reads';

export const NOTIFICATION_KINDS = [
  'post.published',
  'post.failed',
  'account.refreshFailed',
  'account.needsReconnect',
  'account.error',
  'agentTask.completed',
  'agentTask.failed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationSeverity = 'info' | 'warning' | 'error';

export interface NotificationSubject {
  type: 'post' | 'socialAccount' | 'agentTask';
  id: string;
}

/** One notification for one recipient: raised once, fanned out to the members it concerns. */
export interface NotificationDocument {
  /** `<notificationId>:<userId>` */
  _id: string;
  /** The id of the event that raised it. */
  notificationId: string;
  organizationId: string;
  userId: string;
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  body: string;
  subject: NotificationSubject;
  url: string | null;
  createdAt: string;
  /** Global position of the raising event: the order, and what "read up to" counts in. */
  sequence: number;
}

export interface MemberDocument {
  /** `<organizationId>:<userId>` */
  _id: string;
  organizationId: string;
  userId: string;
  role: MemberRole;
  active: boolean;
}

export interface NotifiedPostDocument {
  _id: string;
  organizationId: string;
  authorId: string;
  excerpt: string;
}

/** Alerts already raised for the account's current trouble: raised once until it clears. */
export interface AccountAlerts {
  refreshFailed: boolean;
  needsReconnect: boolean;
  error: boolean;
}

export interface NotifiedAccountDocument {
  _id: string;
  organizationId: string;
  platform: SocialPlatform;
  handle: string;
  tokenExpiresAt: string | null;
  connected: boolean;
  alerts: AccountAlerts;
}

export interface NotifiedTaskDocument {
  _id: string;
  organizationId: string;
  kind: AgentTaskKind;
  requestedBy: string;
  parentTaskId: string | null;
}

export type NotificationReadDocument =
  | {
      _id: string;
      kind: 'watermark';
      organizationId: string;
      userId: string;
      readUpTo: number;
      updatedAt: string;
    }
  | {
      _id: string;
      kind: 'read';
      organizationId: string;
      userId: string;
      notificationId: string;
      sequence: number;
      readAt: string;
    };

export const memberId = (organizationId: string, userId: string): string => `${organizationId}:${userId}`;
export const notificationDocumentId = (notificationId: string, userId: string): string =>
  `${notificationId}:${userId}`;
export const watermarkId = (organizationId: string, userId: string): string =>
  `watermark:${organizationId}:${userId}`;
export const readMarkId = (organizationId: string, userId: string, notificationId: string): string =>
  `read:${organizationId}:${userId}:${notificationId}`;
