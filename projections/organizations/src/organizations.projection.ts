import type { MemberRole, OrganizationEvent, OrganizationSettings, PlanId } from '@herald/organizations';
import { defineProjection } from '@herald/projections-runtime';
import { domainEventOf, typesOf, type EventVersions } from '@herald/projections/support';

export const ORGANIZATIONS_PROJECTION = 'organizations';
export const ORGANIZATIONS_COLLECTIONS = {
  organizations: 'organizations',
  members: 'members',
  invitations: 'invitations',
} as const;

export interface OrganizationDocument {
  _id: string;
  name: string;
  plan: PlanId;
  settings: OrganizationSettings;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
}

export interface MemberDocument {
  /** `<organizationId>:<userId>`: one membership per person and organization. */
  _id: string;
  organizationId: string;
  userId: string;
  role: MemberRole;
  joinedAt: string;
  via: 'founder' | 'invitation';
}

/**
 * Pending and closed invitations without the invitee's address: the address is personal data
 * encrypted in the event, and a read-model copy would outlive its erasure.
 */
export interface InvitationDocument {
  _id: string;
  organizationId: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'revoked';
}

export const ORGANIZATION_VIEW_VERSIONS: EventVersions<OrganizationEvent> = {
  'organization.created': 1,
  'organization.renamed': 1,
  'organization.planChanged': 1,
  'organization.memberInvited': 1,
  'organization.invitationAccepted': 1,
  'organization.invitationRevoked': 1,
  'organization.memberAdded': 1,
  'organization.memberRoleChanged': 1,
  'organization.memberRemoved': 1,
  'organization.settingsUpdated': 1,
  'organization.deleted': 1,
};

const memberId = (organizationId: string, userId: string): string => `${organizationId}:${userId}`;

/**
 * Organizations with their members and invitations: what the API's organization queries and the
 * "which organizations am I in" lookup at sign-in read. Every write is a `$set` derived from the
 * event alone, so replays converge under the position guard.
 */
export const organizationsProjection = defineProjection({
  name: ORGANIZATIONS_PROJECTION,
  version: 1,
  categories: ['organization'],
  eventTypes: typesOf(ORGANIZATION_VIEW_VERSIONS),
  collections: Object.values(ORGANIZATIONS_COLLECTIONS),
  async setup(indexes) {
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.members, {
      fields: { organizationId: 1, joinedAt: 1 },
    });
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.members, { fields: { userId: 1, joinedAt: 1 } });
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.invitations, {
      fields: { organizationId: 1, status: 1 },
    });
  },
  handle(event, context) {
    const org = domainEventOf<OrganizationEvent>(event, ORGANIZATION_VIEW_VERSIONS);
    if (org === null) return;
    const at = event.occurredAt;
    const { organizationId } = org.data;
    const touch = (): void =>
      context.upsert<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations, organizationId, {
        $set: { updatedAt: at },
      });
    switch (org.type) {
      case 'organization.created':
        context.replace<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations, organizationId, {
          name: org.data.name,
          plan: org.data.plan,
          settings: org.data.settings,
          createdBy: org.data.createdBy,
          createdAt: at,
          updatedAt: at,
          deleted: false,
        });
        return;
      case 'organization.renamed':
        context.upsert<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations, organizationId, {
          $set: { name: org.data.name, updatedAt: at },
        });
        return;
      case 'organization.planChanged':
        context.upsert<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations, organizationId, {
          $set: { plan: org.data.to, updatedAt: at },
        });
        return;
      case 'organization.settingsUpdated':
        context.upsert<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations, organizationId, {
          $set: { settings: org.data.settings, updatedAt: at },
        });
        return;
      case 'organization.deleted':
        context.upsert<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations, organizationId, {
          $set: { deleted: true, updatedAt: at },
        });
        context.deleteMany<MemberDocument>(ORGANIZATIONS_COLLECTIONS.members, { organizationId });
        context.deleteMany<InvitationDocument>(ORGANIZATIONS_COLLECTIONS.invitations, { organizationId });
        return;
      case 'organization.memberAdded':
        context.replace<MemberDocument>(
          ORGANIZATIONS_COLLECTIONS.members,
          memberId(organizationId, org.data.userId),
          {
            organizationId,
            userId: org.data.userId,
            role: org.data.role,
            joinedAt: at,
            via: org.data.via,
          },
        );
        return;
      case 'organization.memberRoleChanged':
        context.upsert<MemberDocument>(
          ORGANIZATIONS_COLLECTIONS.members,
          memberId(organizationId, org.data.userId),
          {
            $set: { role: org.data.to },
          },
        );
        touch();
        return;
      case 'organization.memberRemoved':
        context.delete(ORGANIZATIONS_COLLECTIONS.members, memberId(organizationId, org.data.userId));
        touch();
        return;
      case 'organization.memberInvited':
        context.replace<InvitationDocument>(ORGANIZATIONS_COLLECTIONS.invitations, org.data.invitationId, {
          organizationId,
          role: org.data.role,
          invitedBy: org.data.invitedBy,
          createdAt: at,
          expiresAt: org.data.expiresAt,
          status: 'pending',
        });
        return;
      case 'organization.invitationAccepted':
        context.upsert<InvitationDocument>(ORGANIZATIONS_COLLECTIONS.invitations, org.data.invitationId, {
          $set: { status: 'accepted' },
        });
        return;
      case 'organization.invitationRevoked':
        context.upsert<InvitationDocument>(ORGANIZATIONS_COLLECTIONS.invitations, org.data.invitationId, {
          $set: { status: 'revoked' },
        });
        return;
    }
  },
});
