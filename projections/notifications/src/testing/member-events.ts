import type { MemberRole, OrganizationEvent } from '@herald/organizations';

type OrganizationEventOf<T extends OrganizationEvent['type']> = Extract<OrganizationEvent, { type: T }>;

/** Membership events with the payloads the organization decider emits. */
export const memberEvents = {
  added(
    organizationId: string,
    userId: string,
    role: MemberRole,
  ): OrganizationEventOf<'organization.memberAdded'> {
    return {
      type: 'organization.memberAdded',
      schemaVersion: 1,
      data: { organizationId, userId, role, via: 'invitation' },
    };
  },
  removed(organizationId: string, userId: string): OrganizationEventOf<'organization.memberRemoved'> {
    return {
      type: 'organization.memberRemoved',
      schemaVersion: 1,
      data: { organizationId, userId, removedBy: 'user-admin' },
    };
  },
  roleChanged(
    organizationId: string,
    userId: string,
    from: MemberRole,
    to: MemberRole,
  ): OrganizationEventOf<'organization.memberRoleChanged'> {
    return {
      type: 'organization.memberRoleChanged',
      schemaVersion: 1,
      data: { organizationId, userId, from, to, changedBy: 'user-admin' },
    };
  },
};
