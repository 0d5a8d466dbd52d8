import type { MemberRole } from '@herald/organizations';
import type { MemberDocument, NotificationKind, NotificationSeverity } from './notifications.documents';

interface Rule {
  readonly severity: NotificationSeverity;
  /** Roles told on top of the people the notification is about (author, requester). */
  readonly roles: readonly MemberRole[];
  /** Whom to tell instead when the person it is about is not (or no longer) a member. */
  readonly fallbackRoles: readonly MemberRole[];
}

const LEADS: readonly MemberRole[] = ['admin', 'manager'];

/**
 * Who hears about what. Authors and requesters hear about their own work; a failure that needs
 * someone to act (a post that will not go out, an account to reconnect) also reaches the admins
 * and managers, who can act on any post or account.
 */
export const NOTIFICATION_RULES: Readonly<Record<NotificationKind, Rule>> = {
  'post.published': { severity: 'info', roles: [], fallbackRoles: [] },
  'post.failed': { severity: 'error', roles: LEADS, fallbackRoles: LEADS },
  'account.refreshFailed': { severity: 'warning', roles: LEADS, fallbackRoles: LEADS },
  'account.needsReconnect': { severity: 'error', roles: LEADS, fallbackRoles: LEADS },
  'account.error': { severity: 'warning', roles: LEADS, fallbackRoles: LEADS },
  'agentTask.completed': { severity: 'info', roles: [], fallbackRoles: LEADS },
  'agentTask.failed': { severity: 'error', roles: [], fallbackRoles: LEADS },
};

/** Active members to notify, in a stable order (the fan-out writes must not depend on read order). */
export function recipientsOf(
  kind: NotificationKind,
  members: readonly MemberDocument[],
  concerned: string | null,
): string[] {
  const rule = NOTIFICATION_RULES[kind];
  const active = members.filter((member) => member.active);
  const recipients = new Set<string>();
  const concernedIsMember = concerned !== null && active.some((member) => member.userId === concerned);
  if (concernedIsMember) recipients.add(concerned);
  const roles = concernedIsMember ? rule.roles : rule.fallbackRoles;
  for (const member of active) if (roles.includes(member.role)) recipients.add(member.userId);
  return [...recipients].sort();
}
