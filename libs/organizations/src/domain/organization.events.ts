import type { DomainEvent } from '@herald/shared-kernel';
import type { CappedPlatform } from './daily-caps';
import type { PlanId } from './plans';
import type { MemberRole } from './roles';

/** Stream `organization-<organizationId>`. Integration contract: evolve by new schema versions only. */
export const organizationStreamId = (organizationId: string): string => `organization-${organizationId}`;

export interface OrganizationSettings {
  /** IANA zone the calendar and daily caps count days in. */
  readonly timeZone: string;
  readonly dataRetentionDays: number;
  /** Posts need an approval before they can be scheduled. */
  readonly requiresApproval: boolean;
  /** Overrides of DEFAULT_DAILY_CAPS; absent platforms use the default. */
  readonly dailyCaps: Readonly<Partial<Record<CappedPlatform, number>>>;
}

export type OrganizationCreated = DomainEvent<
  'organization.created',
  { organizationId: string; name: string; plan: PlanId; createdBy: string; settings: OrganizationSettings }
>;
export type OrganizationRenamed = DomainEvent<
  'organization.renamed',
  { organizationId: string; name: string }
>;
export type OrganizationPlanChanged = DomainEvent<
  'organization.planChanged',
  { organizationId: string; from: PlanId; to: PlanId }
>;
/** `email` is personal data of the invitee, encrypted under the invitation id as subject. */
export type OrganizationMemberInvited = DomainEvent<
  'organization.memberInvited',
  {
    organizationId: string;
    invitationId: string;
    email: string;
    role: MemberRole;
    invitedBy: string;
    /** sha256 of the emailed token, never the token itself. */
    tokenHash: string;
    expiresAt: string;
  }
>;
export type OrganizationInvitationAccepted = DomainEvent<
  'organization.invitationAccepted',
  { organizationId: string; invitationId: string; userId: string }
>;
export type OrganizationInvitationRevoked = DomainEvent<
  'organization.invitationRevoked',
  { organizationId: string; invitationId: string; revokedBy: string }
>;
export type OrganizationMemberAdded = DomainEvent<
  'organization.memberAdded',
  { organizationId: string; userId: string; role: MemberRole; via: 'founder' | 'invitation' }
>;
export type OrganizationMemberRoleChanged = DomainEvent<
  'organization.memberRoleChanged',
  { organizationId: string; userId: string; from: MemberRole; to: MemberRole; changedBy: string }
>;
export type OrganizationMemberRemoved = DomainEvent<
  'organization.memberRemoved',
  { organizationId: string; userId: string; removedBy: string }
>;
export type OrganizationSettingsUpdated = DomainEvent<
  'organization.settingsUpdated',
  { organizationId: string; settings: OrganizationSettings; changed: readonly (keyof OrganizationSettings)[] }
>;
export type OrganizationDeleted = DomainEvent<
  'organization.deleted',
  { organizationId: string; deletedBy: string }
>;

export type OrganizationEvent =
  | OrganizationCreated
  | OrganizationRenamed
  | OrganizationPlanChanged
  | OrganizationMemberInvited
  | OrganizationInvitationAccepted
  | OrganizationInvitationRevoked
  | OrganizationMemberAdded
  | OrganizationMemberRoleChanged
  | OrganizationMemberRemoved
  | OrganizationSettingsUpdated
  | OrganizationDeleted;

export type OrganizationEventType = OrganizationEvent['type'];
