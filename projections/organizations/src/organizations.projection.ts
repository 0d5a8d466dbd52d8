import type { MemberRole, OrganizationEvent, OrganizationSettings, PlanId } from '@herald/organizations';
import { defineProjection } from '@herald/projections-runtime';
import { domainEventOf, typesOf, type EventVersions } from '@herald/projections/support';
import { applyUsageEvent, USAGE_COLLECTIONS, USAGE_VERSIONS } from './organization-usage.handlers';

export const ORGANIZATIONS_PROJECTION = 'organizations';
export const ORGANIZATIONS_COLLECTIONS = {
  organizations: 'organizations',
  members: 'members',
  invitations: 'invitations',
  ...USAGE_COLLECTIONS,
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
 * Organizations with their members, invitations, plan and usage against the plan's limits:
 * what the API's organization queries, the "which organizations am I in" lookup at sign-in and
 * the usage view read. Usage comes from the other contexts' events (accounts, posts, agent
 * tasks; see organization-usage.handlers.ts). Every write is derived from the event alone, so
 * replays converge under the position guard.
 *
 * v2 added the usage collections (v1 had organizations, members and invitations only).
 */
export const organizationsProjection = defineProjection({
  name: ORGANIZATIONS_PROJECTION,
  version: 2,
  categories: ['organization', 'socialAccount', 'post', 'agentTask'],
  eventTypes: [...typesOf(ORGANIZATION_VIEW_VERSIONS), ...typesOf(USAGE_VERSIONS)],
  collections: Object.values(ORGANIZATIONS_COLLECTIONS),
  async setup(indexes) {
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.members, {
      fields: { organizationId: 1, joinedAt: 1 },
    });
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.members, { fields: { userId: 1, joinedAt: 1 } });
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.invitations, {
      fields: { organizationId: 1, status: 1 },
    });
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.accounts, {
      fields: { organizationId: 1, connected: 1 },
    });
    await indexes.createIndex(ORGANIZATIONS_COLLECTIONS.posts, {
      fields: { organizationId: 1, scheduled: 1 },
    });
  },
  async handle(event, context) {
    if (await applyUsageEvent(event, context)) return;
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
