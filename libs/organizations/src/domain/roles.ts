/**
 * Roles within an organization. `compliance` reads history and exercises GDPR rights but
 * neither edits content nor administers the organization.
 */
export const MEMBER_ROLES = ['admin', 'manager', 'editor', 'viewer', 'compliance'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export function isMemberRole(value: unknown): value is MemberRole {
  return typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value);
}

/** Roles that may create and change content (posts, agent tasks). */
export const CONTENT_ROLES: readonly MemberRole[] = ['admin', 'manager', 'editor'];

/** Managers run the team day to day; they may bring in or remove only these roles. */
export const ROLES_MANAGERS_MAY_MANAGE: readonly MemberRole[] = ['editor', 'viewer'];
