/**
 * The acting member's role in the organization, resolved by the application layer (from the
 * membership read model or the access token) and passed into every user-facing command, so the
 * deciders stay pure.
 */
export const MEMBER_ROLES = ['admin', 'manager', 'editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export function isMemberRole(value: unknown): value is MemberRole {
  return typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value);
}
